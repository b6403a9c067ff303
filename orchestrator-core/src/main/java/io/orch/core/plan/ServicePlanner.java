package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.restart.DurationText;
import io.orch.core.restart.PlannedRestart;
import io.orch.core.rollout.RolloutJudge;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import io.orch.core.restart.RestartDecision;
import io.orch.core.restart.RestartHistories;
import io.orch.core.restart.RestartRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans one desired service for one pass: exactly {@code replicas} containers in slots 1..N, restarts with backoff,
 * replacement of unhealthy replicas, a rolling update step when the spec hash changed, and scale down from the top.
 */
final class ServicePlanner {
  // Docker's own default when stop_grace_period is not set.
  static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private final Stack stack;
  private final ServiceSpec service;
  private final ObservedStack observed;
  private final RestartHistories restarts;
  private final Instant now;
  private final String hash;
  private final ServiceWork work;
  /** The rollout state from before this pass (stored by the agent); null when none. */
  private final RolloutState rolloutBefore;
  /** update_config, or rollback_config while the previous spec is rolled back out. */
  private final UpdateConfig update;
  /** Outdated replicas kept running beside their started replacement until it is ready (start-first), by slot. */
  private final Map<Integer, ObservedContainer> retiring = new TreeMap<>();

  ServicePlanner(Stack stack, ServiceSpec service, ObservedStack observed, RestartHistories restarts, Instant now) {
    this(stack, service, observed, restarts, now, null);
  }

  ServicePlanner(Stack stack, ServiceSpec service, ObservedStack observed, RestartHistories restarts, Instant now,
      RolloutState rolloutBefore) {
    this.stack = stack;
    this.service = service;
    this.observed = observed;
    this.restarts = restarts;
    this.now = now;
    this.hash = EngineSpecs.hashOf(stack, service);
    this.work = new ServiceWork(service.name(), service.replicas());
    // A rollback stored by the agent names no hash: the spec it swapped in is the target.
    this.rolloutBefore = rolloutBefore != null && rolloutBefore.targetHash() == null
        ? new RolloutState(hash, rolloutBefore.phase(), rolloutBefore.updated(), rolloutBefore.total(),
            rolloutBefore.failures(), rolloutBefore.reason(), rolloutBefore.startedAt())
        : rolloutBefore;
    this.update = this.rolloutBefore != null && this.rolloutBefore.rollback()
        && hash.equals(this.rolloutBefore.targetHash())
        ? service.rollbackConfig() : service.updateConfig();
  }

  /** {@code blockers} are errors that forbid creating containers (missing image, name clash of a network...). */
  ServiceWork plan(List<String> blockers) {
    work.errors.addAll(blockers);
    List<DependencyWait> waiting = DependencyGate.waitingFor(service, stack, observed);
    work.waits.addAll(waiting);
    work.waitingOnDependencies = !waiting.isEmpty();
    boolean mayStart = waiting.isEmpty();
    boolean mayCreate = mayStart && blockers.isEmpty();

    Map<Integer, ObservedContainer> kept = keepOnePerSlot();
    Set<Integer> batch = rolloutBatch(kept, mayCreate);
    int highestObserved = observed.containersOf(service.name()).stream()
        .mapToInt(ObservedContainer::slot).max().orElse(0);

    for (int slot = 1; slot <= service.replicas(); slot++) {
      ObservedContainer c = kept.get(slot);
      if (c == null) {
        if (mayCreate) {
          boolean above = slot > highestObserved;
          create(slot, above ? Reason.SCALE_UP : Reason.MISSING, null, above ? "scale up" : "missing");
        }
      } else if (batch.contains(slot)) {
        if (startFirst()) {
          // The old replica keeps serving until the new one has been ready for monitor (see keepOnePerSlot).
          createBeside(c, Reason.SPEC_CHANGED, "spec changed, start-first");
        } else {
          replace(c, Reason.SPEC_CHANGED, null, "spec changed");
        }
      } else {
        planExisting(c, mayStart, mayCreate);
      }
      if (c != null && hash.equals(c.specHash()) && c.running()) {
        // A replica of the declared spec whose health check cannot run can never be healthy: say so, not "starting".
        c.healthCommandMissing().ifPresent(work::standing);
      }
    }
    scaleDown();
    return work;
  }

  /** One container per desired slot; extra containers claiming a slot, or no valid slot, are removed. */
  private Map<Integer, ObservedContainer> keepOnePerSlot() {
    Map<Integer, List<ObservedContainer>> bySlot = new TreeMap<>();
    for (ObservedContainer c : observed.containersOf(service.name())) {
      if (c.slot() <= 0) {
        stopAndRemove(c, Reason.NO_VALID_SLOT, "no valid slot label");
      } else if (c.slot() <= service.replicas()) {
        bySlot.computeIfAbsent(c.slot(), s -> new ArrayList<>()).add(c);
      }
    }
    Comparator<ObservedContainer> best = Comparator
        .comparing((ObservedContainer c) -> !hash.equals(c.specHash()))
        .thenComparing(c -> !c.running())
        .thenComparing(c -> !c.name().equals(EngineSpecs.containerName(stack, service, c.slot())))
        .thenComparing(ObservedContainer::name);
    Map<Integer, ObservedContainer> kept = new TreeMap<>();
    bySlot.forEach((slot, candidates) -> {
      candidates.sort(best);
      ObservedContainer first = candidates.get(0);
      kept.put(slot, first);
      for (ObservedContainer extra : candidates.subList(1, candidates.size())) {
        if (hash.equals(first.specHash()) && !hash.equals(extra.specHash()) && extra.running()
            && extra.state() != State.REMOVING && !retiring.containsKey(slot)) {
          // A start-first pair: the outdated replica is stopped only once its replacement has been ready for
          // monitor; while the replacement fails, the old one keeps serving (pause) or is kept (rollback).
          if (settled(first)) {
            stopAndRemove(extra, Reason.SPEC_CHANGED, "replaced by " + first.name());
          } else {
            retiring.put(slot, extra);
          }
        } else {
          stopAndRemove(extra, Reason.DUPLICATE_SLOT, "duplicate slot");
        }
      }
    });
    return kept;
  }

  /**
   * The outdated slots to replace in this pass. At most {@code parallelism} replicas are in flight: a replaced slot
   * stays in flight until it has run (and been healthy, if checked) for {@code monitor}; the next batch then waits
   * {@code delay}. A new replica that failed (exited, turned unhealthy, or not ready within monitor plus its health
   * check's start period) is no longer in flight: the {@link RolloutJudge} counts it and decides whether the rollout
   * goes on, pauses or rolls back. One step per pass: the events of the new containers trigger the next step.
   */
  private Set<Integer> rolloutBatch(Map<Integer, ObservedContainer> kept, boolean mayCreate) {
    List<Integer> outdated = kept.entrySet().stream()
        .filter(e -> !hash.equals(e.getValue().specHash()) && e.getValue().state() != State.REMOVING)
        .map(Map.Entry::getKey)
        .toList();
    boolean ongoing = rolloutBefore != null && rolloutBefore.phase().active()
        && hash.equals(rolloutBefore.targetHash());
    if (outdated.isEmpty() && retiring.isEmpty() && !ongoing) {
      // No rollout under way: a finished record is kept as it was (for people to read), a stale one dropped.
      work.rolloutState = rolloutBefore == null ? null : RolloutJudge.next(rolloutBefore, new RolloutJudge.Observation(
          hash, service.replicas(), 0, rolloutBefore.updated(), Map.of(), now), update);
      return Set.of();
    }
    Instant rolloutSince = ongoing || (rolloutBefore != null && hash.equals(rolloutBefore.targetHash()))
        ? rolloutBefore.startedAt() : now;
    int inFlight = 0;
    int updated = 0;
    Instant lastSettled = null;
    Map<String, String> failures = new TreeMap<>();
    for (int slot = 1; slot <= service.replicas(); slot++) {
      ObservedContainer c = kept.get(slot);
      if (c == null) {
        inFlight++;
      } else if (hash.equals(c.specHash())) {
        // Only runs that began with this rollout count: a replica of the target spec from before it (the old
        // replicas a rollback returns to, or a stale view of one just removed) is no new replica failing.
        String failure = c.startedAt() != null && c.startedAt().isBefore(rolloutSince) ? null : failure(c);
        Instant settles = c.startedAt() == null ? now : c.startedAt().plus(update.monitor());
        if (failure != null) {
          failures.put(c.id() + "@" + c.startedAt(), failure);
        } else if (!ready(c) || now.isBefore(settles)) {
          inFlight++;
          if (ready(c)) {
            work.rolloutWaitsUntil(settles);
          } else if (c.running() && c.startedAt() != null) {
            work.rolloutWaitsUntil(readyDeadline(c)); // to count it as failed if it is still not ready then
          }
        } else {
          updated++;
          if (!retiring.containsKey(slot) && (lastSettled == null || settles.isAfter(lastSettled))) {
            lastSettled = settles;
          }
        }
      }
    }
    int notStarted = outdated.size();
    RolloutState state = RolloutJudge.next(rolloutBefore, new RolloutJudge.Observation(hash, service.replicas(),
        notStarted + retiring.size(), updated, failures, now), update);
    work.rolloutState = state;
    if (outdated.isEmpty() && retiring.isEmpty()) {
      if (state != null && state.phase().active()) {
        work.rollout = new RolloutProgress(0, service.replicas(), true);
        work.notes.add("spec changed: " + work.rollout.describe());
      }
      return Set.of();
    }
    int parallelism = update.parallelism() <= 0 ? outdated.size() : update.parallelism();
    int budget = Math.max(0, parallelism - inFlight);
    if (budget > 0 && lastSettled != null && now.isBefore(lastSettled.plus(update.delay()))) {
      budget = 0;
      work.rolloutWaitsUntil(lastSettled.plus(update.delay()));
    }
    if (!mayCreate || (state != null && !state.phase().active())) {
      budget = 0;
    }
    work.rollout = new RolloutProgress(outdated.size(), service.replicas(), budget == 0);
    if (state != null && (state.phase() != RolloutPhase.ROLLING_OUT || !state.failures().isEmpty())) {
      work.notes.add("rollout " + state.describe());
    } else {
      work.notes.add("spec changed: " + work.rollout.describe());
    }
    if (update.order() == UpdateConfig.Order.START_FIRST && service.containerName() != null) {
      work.notes.add("update order start-first runs as stop-first: container_name allows one container only");
    }
    return Set.copyOf(outdated.subList(0, Math.min(budget, outdated.size())));
  }

  private boolean startFirst() {
    return update.order() == UpdateConfig.Order.START_FIRST && service.containerName() == null;
  }

  /** Running (and healthy, if checked) for monitor: the replica counts as updated. */
  private boolean settled(ObservedContainer c) {
    return ready(c) && c.startedAt() != null && !now.isBefore(c.startedAt().plus(update.monitor()));
  }

  /** Until when a new replica may take to be ready: monitor plus its health check's start period. */
  private Instant readyDeadline(ObservedContainer c) {
    Duration startPeriod = service.healthcheck() == null || service.healthcheck().startPeriod() == null
        ? Duration.ZERO : service.healthcheck().startPeriod();
    return c.startedAt().plus(update.monitor()).plus(startPeriod);
  }

  /** Why a replica of the target spec counts as a failed run, or null: Swarm's "task failed during the update". */
  private String failure(ObservedContainer c) {
    if (c.state() == State.EXITED || c.state() == State.DEAD) {
      boolean expected = Integer.valueOf(0).equals(c.exitCode()) && !c.oomKilled()
          && !service.restartPolicy().restarts(0);
      if (expected || c.startedAt() == null) {
        return null; // a one-shot that finished, or one that never ran (a refused start is an event of its own)
      }
      return c.name() + (c.oomKilled() ? " was killed for lack of memory" : " exited with code " + c.exitCode());
    }
    if (c.running() && c.health() == Health.UNHEALTHY) {
      return c.name() + " turned unhealthy";
    }
    if (c.running() && !ready(c) && c.startedAt() != null && !now.isBefore(readyDeadline(c))) {
      return c.name() + " was not healthy within " + DurationText.of(Duration.between(c.startedAt(),
          readyDeadline(c))) + " (monitor plus the health check's start period)";
    }
    return null;
  }

  private void planExisting(ObservedContainer c, boolean mayStart, boolean mayCreate) {
    switch (c.state()) {
      case REMOVING, PAUSED -> { }
      case DEAD -> remove(c, Reason.DEAD, "dead");
      case CREATED -> {
        if (mayStart) {
          work.actions.add(new Action.StartContainer(
              service.name(), c.slot(), c.id(), c.name(), Reason.NOT_STARTED, null, "created, not started"));
        }
      }
      case EXITED -> restartIfDue(c, mayStart);
      case RUNNING, RESTARTING -> {
        // Its status says "converging" until it has run for reset_after (a crash loop is not "running"): look again
        // then, so the status turns without waiting for the periodic resync.
        RestartRules.crashLoop(service, c, restarts.of(c), now).ifPresent(loop -> work.wakeUpAt(loop.settlesAt()));
        if (c.health() == Health.UNHEALTHY && service.orch().onUnhealthy() == OrchOptions.OnUnhealthy.RESTART) {
          replaceUnhealthyIfDue(c, mayCreate);
        }
      }
    }
  }

  private void restartIfDue(ObservedContainer c, boolean mayStart) {
    RestartDecision decision = decide(c);
    if (follow(c, decision) && mayStart) {
      work.actions.add(new Action.StartContainer(
          service.name(), c.slot(), c.id(), c.name(), Reason.RESTART, decision.planned(), decision.cause()));
    }
  }

  private void replaceUnhealthyIfDue(ObservedContainer c, boolean mayCreate) {
    RestartDecision decision = decide(c);
    if (follow(c, decision) && mayCreate) {
      replace(c, Reason.RESTART, decision.planned(), decision.cause());
    }
  }

  private RestartDecision decide(ObservedContainer c) {
    return RestartRules.decide(service, c, restarts.of(c), observed.stateSince(c), now);
  }

  /** Records what the decision means for the service's status; true when the restart is due now. */
  private boolean follow(ObservedContainer c, RestartDecision decision) {
    if (decision.kind() == RestartDecision.Kind.RESTART_NOW) {
      return true;
    }
    work.decided(c.name(), decision);
    if (decision.kind() == RestartDecision.Kind.WAIT) {
      work.backoffUntil(c.name(), now.plus(decision.delay()));
    }
    return false;
  }

  private void scaleDown() {
    observed.containersOf(service.name()).stream()
        .filter(c -> c.slot() > service.replicas())
        .sorted(Comparator.comparingInt(ObservedContainer::slot).reversed().thenComparing(ObservedContainer::name))
        .forEach(c -> stopAndRemove(c, Reason.SCALE_DOWN, "scale down"));
  }

  private void replace(ObservedContainer old, Reason reason, PlannedRestart restart, String cause) {
    stopAndRemove(old, reason, cause);
    create(old.slot(), reason, restart, cause);
  }

  /**
   * Starts the replacement of {@code old} beside it (start-first). Names alternate so both fit: the replacement of
   * {@code web-1} is {@code web-1-<first 8 characters of the new spec hash>}, and the one after that is {@code web-1}
   * again; both carry slot label 1.
   */
  private void createBeside(ObservedContainer old, Reason reason, String cause) {
    String canonical = EngineSpecs.containerName(stack, service, old.slot());
    String name = old.name().equals(canonical) ? canonical + "-" + hash.substring(0, Math.min(8, hash.length()))
        : canonical;
    create(old.slot(), name, reason, null, cause);
  }

  private void create(int slot, Reason reason, PlannedRestart restart, String cause) {
    create(slot, EngineSpecs.containerName(stack, service, slot), reason, restart, cause);
  }

  private void create(int slot, String name, Reason reason, PlannedRestart restart, String cause) {
    if (observed.foreignContainers.contains(name)) {
      work.errors.add("container " + name + " exists and is not managed by orch in this stack; not touching it");
      return;
    }
    work.actions.add(new Action.CreateContainer(
        service.name(), slot, EngineSpecs.forSlot(stack, service, slot).withName(name), reason, restart, cause));
  }

  private void stopAndRemove(ObservedContainer c, Reason reason, String cause) {
    if (c.state() == State.REMOVING) {
      return;
    }
    // Remove alone would kill at once; a stop first gives the process its stop signal and grace period.
    if (c.running()) {
      Duration grace = service.stopGracePeriod() == null ? DEFAULT_GRACE : service.stopGracePeriod();
      work.actions.add(new Action.StopContainer(service.name(), c.slot(), c.id(), c.name(), grace, reason, cause));
    }
    remove(c, reason, cause);
  }

  private void remove(ObservedContainer c, Reason reason, String cause) {
    work.actions.add(new Action.RemoveContainer(service.name(), c.slot(), c.id(), c.name(), reason, cause));
  }

  /** Running, and healthy if it is health-checked (by the spec or by the image's own HEALTHCHECK). */
  private boolean ready(ObservedContainer c) {
    boolean checked = (service.healthcheck() != null && !service.healthcheck().disabled()) || c.health() != Health.NONE;
    return c.running() && (!checked || c.health() == Health.HEALTHY);
  }
}
