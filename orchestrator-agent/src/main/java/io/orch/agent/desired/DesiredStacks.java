package io.orch.agent.desired;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.agent.reconcile.ReconcileLoop;
import io.orch.agent.reconcile.StackObserver;
import io.orch.agent.reconcile.StackReconciler;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StateWriteException;
import io.orch.agent.state.StoredStack;
import io.orch.agent.state.UnreadableStack;
import io.orch.agent.status.ServicePhase;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.view.StatusView;
import io.orch.core.engine.EngineException;
import io.orch.core.load.Diagnostic;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Orphans;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.PlanPreview;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the user asks for: submissions, removals, scaling, pins, restarts and rollbacks. The only writer of the state
 * store on the API's side (the reconcile loop writes what it learns, e.g. rollout states); each change is announced as
 * an event and wakes the reconcile loop. A refused request changes nothing ({@link Refusal}); an engine that must be
 * asked (a dry-run plan, volumes a removal would take) and does not answer throws {@link EngineException}.
 */
public final class DesiredStacks {
  private final StateStore store;
  private final StatusBoard board;
  private final ReconcileLoop loop;
  private final StackObserver observer;
  private final StackReconciler reconciler;
  private final AgentEvents events;
  private final Clock clock;
  private final ReplicaLimit replicaLimit;
  private final Autoscaling autoscaling;

  public DesiredStacks(StateStore store, StatusBoard board, ReconcileLoop loop, StackObserver observer,
      StackReconciler reconciler, AgentEvents events, Clock clock, ReplicaLimit replicaLimit,
      Autoscaling autoscaling) {
    this.store = store;
    this.board = board;
    this.loop = loop;
    this.observer = observer;
    this.reconciler = reconciler;
    this.events = events;
    this.clock = clock;
    this.replicaLimit = replicaLimit;
    this.autoscaling = autoscaling;
  }

  /**
   * What a submission did (or, dry-run, would do): whether the stored stack changed, the plan's actions and its
   * golden text, the loader's warnings, and the services the file no longer has that keep running (orphans).
   */
  public record Submission(String stack, boolean changed, List<String> actions, List<String> warnings,
      List<String> keptOrphans, List<String> plan) {}

  /**
   * Loads {@code body} (normalized YAML from the CLI, or a user's own YAML or JSON) as stack {@code stackName} and,
   * unless {@code dryRun}, stores it. Submitting again is also how a user resumes a paused rollout and retries a
   * failed service.
   */
  public synchronized Submission submit(String stackName, byte[] body, boolean dryRun, boolean removeOrphans,
      Set<String> profiles) throws EngineException {
    String text = new String(body, StandardCharsets.UTF_8);
    // The agent's own environment is not the user's: interpolation happened in the CLI, which sends `$$`-escaped
    // normalized YAML and names the active profiles. A curl user sending ${VAR} gets the agent's environment, as
    // documented.
    LoadResult result = StackLoader.forSubmissions(System.getenv(), replicaLimit)
        .loadText(text, "request body", null, stackName, profiles);
    if (!result.ok()) {
      List<Diagnostic> diagnostics = result.diagnostics();
      if (result.errors().stream().anyMatch(d -> d.kind() == Diagnostic.Kind.BAD_INPUT)) {
        // E.g. a NUL in an image name: refused here, before it reaches an engine call and comes back as a 503.
        throw Refusal.inFile(Refusal.Kind.BAD_INPUT, "the body holds characters a stack cannot contain", diagnostics);
      }
      if (result.errors().stream().anyMatch(d -> d.kind() == Diagnostic.Kind.NOT_YAML)) {
        // Not YAML (nor JSON) at all is bad input, not an invalid stack; the diagnostic still says where.
        throw Refusal.inFile(Refusal.Kind.BAD_INPUT, "the body is not valid YAML or JSON", diagnostics);
      }
      throw Refusal.inFile(Refusal.Kind.INVALID_STACK, "the stack has " + result.errors().size() + " error(s)",
          diagnostics);
    }
    Stack submitted = result.stack();
    if (!submitted.name().equals(stackName)) {
      throw Refusal.inFile(Refusal.Kind.INVALID_STACK, "the file says name: " + submitted.name()
          + " but the path names stack " + stackName + "; send it to /v1/stacks/" + submitted.name()
          + " or change its name: key",
          List.of(new Diagnostic(Diagnostic.Severity.ERROR, "request body",
              result.locationOf("name").map(l -> l.line()).orElse(0),
              result.locationOf("name").map(l -> l.column()).orElse(0), "name",
              "differs from the stack name in the path (" + stackName + ")", "remove name: or make them equal")));
    }
    List<String> warnings = result.warnings().stream().map(Diagnostic::toString).toList();
    Optional<StoredStack> existing = store.get(stackName);
    // Compose keeps orphans: services the file no longer has keep running with their stored spec unless asked. A stack
    // being deleted has nothing left to keep.
    // A service the active profiles disable (started by an earlier --profile) is not an orphan: kept as it is.
    Orphans.Kept kept = Orphans.keep(submitted, existing.filter(s -> !s.deleting()).map(StoredStack::stack)
        .orElse(null), result.activeProfiles(), removeOrphans);
    Stack stack = kept.stack();
    boolean changed = existing.map(s -> s.deleting() || !s.stack().equals(stack)
        || !s.profiles().equals(result.activeProfiles())).orElse(true);
    Instant now = clock.instant();
    StoredStack next = existing.map(s -> s.withStack(stack, now)).orElse(new StoredStack(stack, 1, now, false, false))
        .withProfiles(result.activeProfiles());
    PlanPreview preview = reconciler.preview(stackName, next.desired());
    if (!dryRun && !changed && existing.get().hasPausedRollout()) {
      // The same file again resumes a paused rollout (as `docker service update` does after a pause).
      save(existing.get().resumed(now));
      events.emit(new AgentEvent(now, EventType.STACK_SUBMITTED, stackName, null, null, null, null,
          "stack unchanged: paused rollouts resume"));
    }
    if (!dryRun && changed) {
      save(next);
      events.emit(new AgentEvent(now, EventType.STACK_SUBMITTED, stackName, null, null, null, null,
          existing.isPresent() ? "stack updated" : "stack submitted"));
    }
    if (!dryRun) {
      // The file's autoscale blocks are what the user asks for now, even when the file itself did not change.
      autoscaling.clearPins(stackName);
      // Submitting again is how a user retries a service that exhausted max_attempts.
      board.get(stackName).ifPresent(status -> status.services().stream()
          .filter(x -> x.state() == ServicePhase.FAILED)
          .forEach(x -> reconciler.resetRestarts(stackName, x.service())));
      loop.enqueue(stackName);
    }
    return new Submission(stackName, changed, preview.actionLines(), warnings, kept.services(), preview.lines());
  }

  /** Stores or refuses: a state dir that refuses the write leaves the stack as it was, and nothing is announced. */
  private void save(StoredStack stack) {
    try {
      store.put(stack);
    } catch (StateWriteException e) {
      throw Refusal.of(Refusal.Kind.NO_STORAGE, e.getMessage() + "; stack " + stack.name() + " is unchanged");
    }
  }

  /**
   * Marks a stack for removal (with its named volumes if asked). A stack the agent does not hold but whose labelled
   * containers (or, with {@code removeVolumes}, volumes) are left is removed too: removal is an explicit ask.
   */
  public synchronized void delete(String name, boolean removeVolumes) throws EngineException {
    Optional<StoredStack> stored = store.get(name);
    Optional<UnreadableStack> unreadable = store.unreadable(name);
    if (unreadable.isPresent()) {
      // What the file asked for is unknown (volumes too?): removing on a guess could lose data.
      throw Refusal.of(Refusal.Kind.CONFLICT, "stack " + name + " cannot be removed: "
          + StatusView.problem(unreadable.get()) + ", then remove it; or delete the file and restart the agent, after"
          + " which `orch down -p " + name + "` removes its containers");
    }
    if (stored.isPresent()) {
      try {
        store.markForRemoval(name, removeVolumes); // needs no free space: a full state dir must not block removal
      } catch (StateWriteException e) {
        throw Refusal.of(Refusal.Kind.NO_STORAGE, e.getMessage() + "; stack " + name + " is unchanged");
      }
    } else if (board.get(name).isPresent() || removeVolumes && hasLeftVolumes(name)) {
      // Labelled objects this agent does not have in its state (e.g. a lost state dir, or the volumes an earlier
      // plain `down` kept): removal is an explicit ask, and the planner touches only what carries this stack's label.
      save(new StoredStack(new Stack(name, Map.of(), Map.of(), Map.of()), 1, clock.instant(), true,
          removeVolumes));
    } else {
      throw Refusal.of(Refusal.Kind.NOT_FOUND, "no stack named " + name + (leftVolumesHint(name)
          ? "; named volumes an earlier removal kept are left: remove them with volumes=true (orch down --volumes -p "
              + name + ")" : ""));
    }
    events.emit(new AgentEvent(clock.instant(), EventType.STACK_REMOVING, name, null, null, null, null,
        "removal requested" + (removeVolumes ? " (with volumes)" : "")));
    loop.enqueue(name);
  }

  /** Whether the engine still holds managed volumes labelled with this stack. */
  private boolean hasLeftVolumes(String name) throws EngineException {
    return !observer.observe(name, null).volumes().isEmpty();
  }

  /** The same question for a hint only: an engine that does not answer must not turn a 404 into a 503. */
  private boolean leftVolumesHint(String name) {
    try {
      return hasLeftVolumes(name);
    } catch (EngineException e) {
      return false;
    }
  }

  /**
   * Sets a service's replica count. An autoscaled service's count is the autoscaler's: a plain scale is refused with
   * what it would fight, and {@code pin} fixes min = max = {@code replicas} until the next submit.
   */
  public synchronized void scale(String stack, String service, int replicas, boolean pin) {
    StoredStack stored = managedService(stack, service);
    ServiceSpec spec = stored.stack().service(service);
    if (spec.orch().autoscale() != null) {
      scaleAutoscaled(stored, spec, replicas, pin);
      return;
    }
    if (pin) {
      throw Refusal.ofFields("service " + service + " of stack " + stack + " is not autoscaled: there is"
          + " nothing to pin; scale it without --pin (pin: true)", "pin");
    }
    int before = spec.replicas();
    String fixedName = spec.containerName();
    if (fixedName != null && replicas > 1) {
      // Compose refuses too: a second container cannot take the same name.
      throw Refusal.ofFields("cannot scale " + stack + "/" + service + " to " + replicas + ": its"
          + " container_name " + fixedName + " names one container; remove container_name from the file to scale it",
          "replicas");
    }
    Stack scaled = stored.stack().withReplicas(service, replicas);
    // Scaling down is always allowed, even when a lowered limit leaves the stack over it.
    List<ReplicaLimit.Breach> breaches = replicas > before ? replicaLimit.check(scaled.services()) : List.of();
    if (!breaches.isEmpty()) {
      throw Refusal.ofFields("cannot scale " + stack + "/" + service + " to " + replicas + ": " + breaches.get(0),
          "replicas");
    }
    if (before != replicas) {
      save(stored.withStack(scaled, clock.instant()));
      events.emit(new AgentEvent(clock.instant(), EventType.SERVICE_SCALED, stack, service, null, null, null,
          "scaled from " + before + " to " + replicas));
    }
    loop.enqueue(stack);
  }

  private void scaleAutoscaled(StoredStack stored, ServiceSpec spec, int replicas, boolean pin) {
    String stack = stored.name();
    Autoscaling.View view = autoscaling.view(stack, spec).orElseThrow();
    String service = spec.name();
    if (!pin) {
      throw Refusal.of(Refusal.Kind.CONFLICT, "service " + service + " of stack " + stack + " is autoscaled"
          + (view.pinned() ? " (pinned)" : "") + " between " + view.rule().min() + " and " + view.rule().max()
          + " replicas: its count is the autoscaler's, now " + view.replicas()
          + (view.last() == null ? "" : " (" + view.last().reason() + ")")
          + ", and would move away from " + replicas + ". To fix it at " + replicas + " until the next orch up, run"
          + " orch scale --pin " + service + "=" + replicas + "; to change the range, edit x-orch.autoscale"
          + " min/max in the file");
    }
    if (replicas < 1) {
      throw Refusal.ofFields("cannot pin " + stack + "/" + service + " at " + replicas + " replicas: an"
          + " autoscaled service runs at least 1 (a service scaled to zero cannot measure its load)", "replicas");
    }
    List<ReplicaLimit.Breach> breaches = replicaLimit.check(stored.stack().withReplicas(service, replicas).services());
    if (replicas > view.replicas() && !breaches.isEmpty()) {
      throw Refusal.ofFields("cannot pin " + stack + "/" + service + " at " + replicas + ": " + breaches.get(0),
          "replicas");
    }
    autoscaling.pin(stack, service, replicas);
    events.emit(new AgentEvent(clock.instant(), EventType.SERVICE_SCALED, stack, service, null, null, null,
        "pinned at " + replicas + " (was " + view.replicas() + "; autoscale range " + view.rule().min() + " to "
            + view.rule().max() + " until the next orch up)"));
    loop.enqueue(stack);
  }

  /** A rolling restart: every replica is replaced per update_config, each with a fresh restart history. */
  public synchronized void restart(String stack, String service) {
    StoredStack stored = managedService(stack, service);
    Instant now = clock.instant();
    save(stored.withRestart(service, now));
    reconciler.resetRestarts(stack, service); // new replicas start with a fresh restart history and backoff
    events.emit(new AgentEvent(now, EventType.SERVICE_RESTARTING, stack, service, null, null, null,
        "rolling restart requested: every replica is replaced, "
            + stored.stack().service(service).updateConfig().parallelism() + " at a time"));
    loop.enqueue(stack);
  }

  /** Swaps in the service's spec from before its last change, rolled out per rollback_config. */
  public synchronized void rollback(String stack, String service) {
    StoredStack stored = managedService(stack, service);
    Instant now = clock.instant();
    StoredStack rolledBack = stored.rolledBack(service, now).orElseThrow(() -> Refusal.of(Refusal.Kind.CONFLICT,
        "service " + service + " of stack " + stack + " has no previous spec to roll back to: it has not "
            + "changed since the agent first stored it (scaling does not count)"));
    save(rolledBack);
    reconciler.resetRestarts(stack, service);
    events.emit(new AgentEvent(now, EventType.SERVICE_ROLLING_BACK, stack, service, null, null, null,
        "rollback to the spec from before its last change requested"));
    loop.enqueue(stack);
  }

  private StoredStack managedService(String stack, String service) {
    StoredStack stored = store.get(stack).filter(s -> !s.deleting())
        .orElseThrow(() -> Refusal.of(Refusal.Kind.NOT_FOUND, "no stack named " + stack));
    if (stored.stack().service(service) == null) {
      throw Refusal.of(Refusal.Kind.NOT_FOUND, "stack " + stack + " has no service named " + service);
    }
    return stored;
  }
}
