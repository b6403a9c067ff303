package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.restart.PlannedRestart;
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

  ServicePlanner(Stack stack, ServiceSpec service, ObservedStack observed, RestartHistories restarts, Instant now) {
    this.stack = stack;
    this.service = service;
    this.observed = observed;
    this.restarts = restarts;
    this.now = now;
    this.hash = EngineSpecs.hashOf(stack, service);
    this.work = new ServiceWork(service.name(), service.replicas());
  }

  /** {@code blockers} are errors that forbid creating containers (missing image, name clash of a network...). */
  ServiceWork plan(List<String> blockers) {
    work.errors.addAll(blockers);
    List<String> waiting = DependencyGate.waitingFor(service, stack, observed);
    work.notes.addAll(waiting);
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
        replace(c, Reason.SPEC_CHANGED, null, "spec changed");
      } else {
        planExisting(c, mayStart, mayCreate);
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
      kept.put(slot, candidates.get(0));
      candidates.subList(1, candidates.size())
          .forEach(extra -> stopAndRemove(extra, Reason.DUPLICATE_SLOT, "duplicate slot"));
    });
    return kept;
  }

  /**
   * The outdated slots to replace in this pass. At most {@code parallelism} replicas are in flight: a replaced slot
   * stays in flight until it has run (and been healthy, if checked) for {@code monitor}; the next batch then waits
   * {@code delay}. One step per pass: the events of the new containers trigger the next step.
   */
  private Set<Integer> rolloutBatch(Map<Integer, ObservedContainer> kept, boolean mayCreate) {
    List<Integer> outdated = kept.entrySet().stream()
        .filter(e -> !hash.equals(e.getValue().specHash()) && e.getValue().state() != State.REMOVING)
        .map(Map.Entry::getKey)
        .toList();
    if (outdated.isEmpty()) {
      return Set.of();
    }
    UpdateConfig update = service.updateConfig();
    int inFlight = 0;
    Instant lastSettled = null;
    for (int slot = 1; slot <= service.replicas(); slot++) {
      ObservedContainer c = kept.get(slot);
      if (c == null) {
        inFlight++;
      } else if (hash.equals(c.specHash())) {
        Instant settles = c.startedAt() == null ? now : c.startedAt().plus(update.monitor());
        if (!ready(c) || now.isBefore(settles)) {
          inFlight++;
          if (ready(c)) {
            work.rolloutWaitsUntil(settles);
          }
        } else if (lastSettled == null || settles.isAfter(lastSettled)) {
          lastSettled = settles;
        }
      }
    }
    int parallelism = update.parallelism() <= 0 ? outdated.size() : update.parallelism();
    int budget = Math.max(0, parallelism - inFlight);
    if (budget > 0 && lastSettled != null && now.isBefore(lastSettled.plus(update.delay()))) {
      budget = 0;
      work.rolloutWaitsUntil(lastSettled.plus(update.delay()));
    }
    if (!mayCreate) {
      budget = 0;
    }
    work.rollout = new RolloutProgress(outdated.size(), service.replicas(), budget == 0);
    work.notes.add("spec changed: " + work.rollout.describe());
    if (update.order() == UpdateConfig.Order.START_FIRST) {
      // Starting the new replica under a temporary name before the old one stops is not supported yet.
      work.notes.add("update order start-first runs as stop-first");
    }
    return Set.copyOf(outdated.subList(0, Math.min(budget, outdated.size())));
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
    return RestartRules.decide(service, c, restarts.of(c.name()), observed.stateSince(c), now);
  }

  /** Records what the decision means for the service's status; true when the restart is due now. */
  private boolean follow(ObservedContainer c, RestartDecision decision) {
    String note = c.name() + ": " + decision.cause();
    switch (decision.kind()) {
      case RESTART_NOW -> {
        return true;
      }
      case WAIT -> {
        work.notes.add(note);
        work.backoffUntil(c.name(), now.plus(decision.delay()));
      }
      case GIVE_UP -> {
        work.notes.add(note);
        work.fail(note);
      }
      case NO_RESTART -> work.notes.add(note);
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

  private void create(int slot, Reason reason, PlannedRestart restart, String cause) {
    String name = EngineSpecs.containerName(stack, service, slot);
    if (observed.foreignContainers.contains(name)) {
      work.errors.add("container " + name + " exists and is not managed by orch in this stack; not touching it");
      return;
    }
    work.actions.add(new Action.CreateContainer(
        service.name(), slot, EngineSpecs.forSlot(stack, service, slot), reason, restart, cause));
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
