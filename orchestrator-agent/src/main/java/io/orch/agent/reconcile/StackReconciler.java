package io.orch.agent.reconcile;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.agent.observe.ContainerInformer;
import io.orch.agent.state.RestartBook;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StateWriteException;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ServiceErrors;
import io.orch.agent.status.ServiceTransitions;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.status.StatusReport;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.StandingFailure;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.Stack;
import io.orch.core.plan.Action.ContainerAction;
import io.orch.core.plan.Action.CreateContainer;
import io.orch.core.plan.Action.RemoveContainer;
import io.orch.core.plan.Action.StartContainer;
import io.orch.core.plan.Action;
import io.orch.core.plan.Plan;
import io.orch.core.plan.PlanPreview;
import io.orch.core.plan.Planner;
import io.orch.core.plan.Reason;
import io.orch.core.restart.PlannedRestart;
import io.orch.core.restart.ReplicaSlot;
import io.orch.core.restart.RestartHistories;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass of one stack: read the desired state, observe, plan, execute, publish the status. Plan in,
 * outcome out: the planner decides from an immutable restart history, the executor reports what became of each
 * action, and this class alone folds the outcomes into the restart history ({@link RestartBook}), the status board,
 * the events and the observed state. Never waits for the engine to settle: the events of what it just did trigger the
 * next pass.
 */
public final class StackReconciler {
  private static final Logger log = LoggerFactory.getLogger(StackReconciler.class);

  /** A user's ask to give a service a fresh restart history (restart of a failed service, rollback). */
  private record HistoryReset(String stack, String service) {}

  private final StateStore store;
  private final StackObserver observer;
  private final ContainerInformer informer;
  private final Planner planner;
  private final PlanExecutor executor;
  private final RestartBook restarts;
  private final ServiceErrors errors;
  private final StatusBoard board;
  private final AgentEvents events;
  private final Clock clock;
  private final BackoffEvents backoffEvents;
  private final PassObserver passObserver;
  private final Autoscaling autoscaling;
  private final IngressControl ingress;
  private final Queue<HistoryReset> resets = new ConcurrentLinkedQueue<>();
  /** What each stack's last pass observed, for previews; written by the loop's worker only. */
  private final Map<String, ObservedState> lastSeen = new ConcurrentHashMap<>();
  /** The stack-level problems of each stack's last pass, announced when they first appear. */
  private final Map<String, List<String>> lastProblems = new ConcurrentHashMap<>();

  public StackReconciler(StateStore store, StackObserver observer, ContainerInformer informer, Planner planner,
      PlanExecutor executor, RestartBook restarts, ServiceErrors errors, StatusBoard board, AgentEvents events,
      Clock clock) {
    this(store, observer, informer, planner, executor, restarts, errors, board, events, clock, PassObserver.NONE,
        Autoscaling.inMemory(), IngressControl.NONE);
  }

  /**
   * The agent's: autoscaled counts from {@code autoscaling} folded in each pass, published ports declared to orch's
   * {@code ingress}, and {@code passObserver} shown each plan and each outcome (golden tests).
   */
  public StackReconciler(StateStore store, StackObserver observer, ContainerInformer informer, Planner planner,
      PlanExecutor executor, RestartBook restarts, ServiceErrors errors, StatusBoard board, AgentEvents events,
      Clock clock, PassObserver passObserver, Autoscaling autoscaling, IngressControl ingress) {
    this.autoscaling = autoscaling;
    this.ingress = ingress;
    this.store = store;
    this.observer = observer;
    this.informer = informer;
    this.planner = planner;
    this.executor = executor;
    this.restarts = restarts;
    this.errors = errors;
    this.board = board;
    this.events = events;
    this.clock = clock;
    this.backoffEvents = new BackoffEvents(events);
    this.passObserver = passObserver;
  }

  /**
   * Asks for a fresh restart history of a service's replicas; applied at the start of the stack's next pass, so the
   * history keeps one writer. The caller enqueues the stack.
   */
  public void resetRestarts(String stack, String service) {
    resets.add(new HistoryReset(stack, service));
  }

  /**
   * The whole way to {@code desired}, pass after pass of the loop's own planner, from the same observed state and
   * restart history the loop uses: the answer of {@code PUT} and dry runs. The stored stack (not yet replaced by the
   * submission) is the spec the running containers came from, to name the fields whose change replaces them. Reads
   * only.
   */
  public PlanPreview preview(String name, Stack desired) {
    Stack previous = store.get(name).filter(s -> !s.deleting()).map(StoredStack::desired).orElse(null);
    // The state the loop's last pass saw, with the informer's containers: no second listing of the engine. A stack
    // with no pass yet is observed once.
    ObservedState lastPass = lastSeen.get(name);
    ObservedState observed = lastPass == null ? observer.observe(name, desired)
        : observer.refresh(lastPass, name, desired);
    Stack scaled = autoscaling.effective(name, desired);
    return PlanPreview.of(planner, name, scaled, previous, false, observed, restarts.of(name), clock.instant());
  }

  /**
   * Lists a stack this agent does not hold (another agent's, an orphan, or one whose stored file cannot be read) as
   * unmanaged: never planned, never touched, no events. `orch down -p <name>` stores a removal request for it.
   */
  public void publishUnmanaged(String name) {
    ObservedState observed = observer.containersOnly(name);
    if (observed.containers().isEmpty()) {
      board.remove(name);
      return;
    }
    // A stack whose stored file cannot be read: what it should be is unknown, so nothing is touched.
    board.publish(store.unreadable(name)
        .map(u -> StatusReport.orphan(name, observed, clock.instant(), "its stored file " + u.file()
            + " cannot be read: left alone until the stack is submitted again"))
        .orElseGet(() -> StatusReport.orphan(name, observed, clock.instant())));
  }

  /** One pass of a stack; a stack this agent does not hold is only listed (see {@link #publishUnmanaged}). */
  public PassResult reconcile(String name) {
    Optional<StoredStack> stored = store.get(name);
    if (stored.isEmpty()) {
      publishUnmanaged(name);
      return PassResult.IDLE;
    }
    applyResets(name);
    // The autoscaler's decisions since the last pass, folded in here so the counts have one writer; the planner then
    // works towards the autoscaled counts instead of the declared ones.
    autoscaling.fold(name, stored.get().deleting() ? null : stored.get().stack(), clock.instant())
        .forEach(events::emit);
    StoredStack s = autoscaling.effective(stored.get());
    Stack desired = s.deleting() ? null : s.desired();
    ObservedState observed = observer.observe(name, desired);
    lastSeen.put(name, observed);
    Instant now = clock.instant();
    Plan plan = planner.plan(name, desired, s.removeVolumes(), observed, restarts.of(name), s.rollouts(), now);
    if (!plan.actions().isEmpty()) {
      log.debug("plan for {}:\n{}", name, plan);
    }
    passObserver.planned(name, plan);
    Optional<Duration> ingressRetry = declarePorts(name, desired, now);
    // The stored version, not the autoscaled view: a rollback stores the previous spec with the declared counts.
    if (desired != null && foldRollouts(stored.get(), plan, now)) {
      return PassResult.after(Duration.ZERO); // the previous spec was swapped in: plan again from it at once
    }
    plan.problems().forEach(p -> errors.record(name, null, p));
    announceNewProblems(name, plan.problems(), now);
    backoffEvents.afterPlan(name, observed, plan, now);
    // Readers see this pass's view (e.g. "converging" while an unhealthy replica is replaced) before it acts...
    publish(StatusReport.of(s, observed, plan, restarts.of(name), errors, now));
    // Generations are bumped by every change to the stored stack, so this is a map lookup per action, not a read.
    Preemption changed = () -> store.get(name).map(StoredStack::generation).orElse(-1L) != s.generation();
    Fold fold = new Fold(name, s.generation());
    Optional<Duration> executorRetry = executor.apply(name, plan.actions(), changed, fold::accept);
    if (changed.superseded()) {
      return PassResult.after(Duration.ZERO); // plan again from the new state at once (the API enqueued it too)
    }
    forgetUndeclaredSlots(name, desired);
    if (s.deleting() && plan.actions().isEmpty() && nothingLeft(observed, s.removeVolumes())) {
      if (!store.removeIf(name, s.generation())) {
        return PassResult.after(Duration.ZERO); // re-submitted meanwhile: reconcile the new version
      }
      board.remove(name);
      errors.clearStack(name);
      restarts.remove(name);
      autoscaling.remove(name);
      observer.forget(name);
      lastSeen.remove(name);
      lastProblems.remove(name);
      events.emit(new AgentEvent(now, EventType.STACK_REMOVED, name, null, null, null, null, "stack removed"));
      return PassResult.IDLE;
    }
    boolean failed = fold.failed;
    Optional<Duration> nextLook = Optional.empty();
    if (!plan.actions().isEmpty()) {
      // ...and what it left behind once it acted, so a reader never mistakes the state before the pass for after. The
      // containers are as the executor's looks after each outcome left them, the rest as listed for this pass unless
      // the pass or an event changed them: a pass that only started or replaced containers observes nothing twice.
      ObservedState after = observed;
      if (plan.actions().stream().anyMatch(a -> !(a instanceof ContainerAction))) {
        // It created or removed a network or volume, or pulled: listed again now, not when its event arrives (the
        // event stream may deliver it after this look, and a network planned twice is a conflict).
        observer.forget(name);
      }
      try {
        after = observer.observe(name, desired);
      } catch (EngineException.Unavailable e) {
        // The engine went away during the pass: show what the outcomes left (the "(retrying)" errors) on the view
        // from before the actions, and retry with backoff like any failed action.
        failed = true;
      }
      lastSeen.put(name, after);
      publish(StatusReport.of(s, after, plan, restarts.of(name), errors, clock.instant()));
      if (failed) {
        observer.forget(name); // what failed may have met an object gone without an event seen here: list again
      } else if (fold.changedSomething) {
        nextLook = nextLook(name, s, desired, after);
      }
    }
    Optional<Duration> again = Stream.of(plan.requeueAfter(), executorRetry, nextLook, ingressRetry)
        .flatMap(Optional::stream)
        .min(Duration::compareTo);
    return new PassResult(again, failed);
  }

  /**
   * When a pass that acted needs the next one, decided from the state it left (no engine call): at once if the planner
   * would act on it again (a replica that died under the start, a dependant whose dependency just started), if the
   * rollout states it would store differ from those stored, or if the stack is being removed (its removal from the
   * store is the next pass's); else when the planner asks to look again (a backoff, a replica's run to count), if
   * ever. Engine events wake the stack for whatever changes after; the echoes of its own creates and starts do not.
   */
  private Optional<Duration> nextLook(String name, StoredStack s, Stack desired, ObservedState after) {
    if (s.deleting()) {
      return Optional.of(Duration.ZERO);
    }
    Map<String, RolloutState> stored = store.get(name).map(StoredStack::rollouts).orElse(Map.of());
    Plan next = planner.plan(name, desired, s.removeVolumes(), after, restarts.of(name), stored, clock.instant());
    Map<String, RolloutState> decided = new TreeMap<>();
    next.services().forEach((service, status) -> {
      if (status.rolloutState() != null) {
        decided.put(service, status.rolloutState());
      }
    });
    if (!next.actions().isEmpty() || !decided.equals(new TreeMap<>(stored))) {
      return Optional.of(Duration.ZERO);
    }
    return next.requeueAfter();
  }

  /**
   * Has the ingress hold the stack's published ports (none once it is being removed): a port it cannot bind is the
   * service's standing error until bound, and announced once; returns when to try a failed bind again.
   */
  private Optional<Duration> declarePorts(String name, Stack desired, Instant now) {
    IngressControl.Declared declared = ingress.declare(name, desired);
    if (desired != null) {
      desired.services().keySet().forEach(service -> {
        String problem = declared.unbound().get(service);
        if (problem == null) {
          errors.release(name, service);
        } else {
          errors.hold(name, service, problem);
        }
      });
    }
    for (IngressControl.News n : declared.news()) {
      EventType type = switch (n.change()) {
        case BOUND -> EventType.INGRESS_BOUND;
        case UNBOUND -> EventType.INGRESS_UNBOUND;
        case BIND_FAILED -> EventType.INGRESS_BIND_FAILED;
      };
      events.emit(new AgentEvent(now, type, name, n.service(), null, null, null, n.message()));
    }
    return declared.retryIn();
  }

  /**
   * Stores the rollout states the plan decided and announces their changes. A rollout that asks for a rollback gets
   * the previous spec swapped into the stored stack (the rollback runs per rollback_config from the next pass on);
   * true when that happened. Without a previous spec to go back to, the rollout pauses instead.
   */
  private boolean foldRollouts(StoredStack s, Plan plan, Instant now) {
    Map<String, RolloutState> next = new TreeMap<>();
    plan.services().forEach((service, status) -> {
      if (status.rolloutState() != null) {
        next.put(service, status.rolloutState());
      }
    });
    for (Map.Entry<String, RolloutState> e : List.copyOf(next.entrySet())) {
      RolloutState r = e.getValue();
      if (r.phase() != RolloutPhase.ROLLBACK_REQUESTED) {
        continue;
      }
      String service = e.getKey();
      Optional<StoredStack> back = s.withRollouts(next).rollingBack(service, r.reason(), r.total(), now);
      if (back.isEmpty()) {
        next.put(service, r.with(RolloutPhase.PAUSED, r.updated(), r.failures(), r.reason()
            + "; no previous spec to roll back to, so the rollout paused"));
        continue;
      }
      try {
        if (!store.replaceIf(s.name(), s.generation(), back.get())) {
          return true; // changed meanwhile: decide again from the new version
        }
      } catch (StateWriteException ex) {
        log.error("{}: cannot store the rollback of {}: {}", s.name(), service, ex.getMessage());
        return false;
      }
      resetRestarts(s.name(), service);
      events.emit(new AgentEvent(now, EventType.SERVICE_ROLLING_BACK, s.name(), service, null, null, "automatic",
          "rollout failed, rolling back to the previous spec (failure_action rollback): " + r.reason()));
      return true;
    }
    next.forEach((service, r) -> RolloutTransitions.between(s.name(), service, s.rollouts().get(service), r, now)
        .forEach(events::emit));
    try {
      store.putRollouts(s.name(), s.generation(), next);
    } catch (StateWriteException ex) {
      // Shown in the log; the next pass decides the same state again and retries the write.
      log.error("{}: cannot store rollout states: {}", s.name(), ex.getMessage());
    }
    return false;
  }

  private void applyResets(String name) {
    for (HistoryReset r : List.copyOf(resets)) {
      if (r.stack().equals(name) && resets.remove(r)) {
        restarts.put(name, restarts.of(name).withoutService(r.service()));
      }
    }
  }

  /**
   * A slot the stack no longer declares (scaled down, service removed, stack being removed) starts a fresh history
   * should it come back: a new replica there is no continuation of the old one's crash loop.
   */
  private void forgetUndeclaredSlots(String stack, Stack desired) {
    RestartHistories histories = restarts.of(stack);
    restarts.put(stack, histories.keepOnly(slot -> desired != null && desired.services().containsKey(slot.service())
        && slot.slot() <= desired.services().get(slot.service()).replicas()));
  }

  /**
   * Folds the outcomes of one pass as they arrive (from the executor's worker threads): events, last errors, restart
   * history, observed state. The history update is the only read-modify-write, so it alone is synchronized.
   */
  private final class Fold {
    private final String stack;
    private final long generation;
    private volatile boolean failed;
    /** An action was done (or found done): the state the pass planned from is no longer the engine's. */
    private volatile boolean changedSomething;

    Fold(String stack, long generation) {
      this.stack = stack;
      this.generation = generation;
    }

    void accept(Outcome o) {
      passObserver.outcome(stack, o);
      Action a = o.action();
      String service = a instanceof ContainerAction c ? c.service()
          : a instanceof Action.PullImage p ? p.service() : null;
      switch (o.result()) {
        case DONE -> {
          changedSomething = true;
          done(o);
        }
        case ALREADY_THERE -> {
          changedSomething = true;
          observe(o);
        }
        case ENGINE_UNAVAILABLE -> {
          failed = true;
          // Retried with backoff by the loop; shown meanwhile, since a 5xx can last (e.g. a host port held by another
          // process). A restart that could not even be tried is no attempt: max_attempts is not used up by an outage.
          errors.record(stack, service, "cannot " + a + ": " + o.detail() + " (retrying)");
          recordStanding(o, service, "cannot " + a + ": " + o.detail());
          observe(o);
        }
        case REJECTED, CONFLICT -> {
          failed = true;
          String message = a instanceof Action.PullImage p ? "cannot pull image " + p.image() + ": " + o.detail()
              : o.result() == Outcome.Result.CONFLICT ? o.detail() : "cannot " + a + ": " + o.detail();
          errors.record(stack, service, message);
          recordStanding(o, service, message);
          log.warn("{}: {}", stack, message);
          emit(o, a instanceof Action.PullImage ? EventType.IMAGE_PULL_FAILED
              : o.result() == Outcome.Result.REJECTED && (a instanceof CreateContainer || a instanceof StartContainer)
                  ? EventType.CONTAINER_FAILED : EventType.ACTION_FAILED, null, message);
          PlannedRestart restart = restartOf(a);
          if (restart != null && o.result() == Outcome.Result.REJECTED) {
            // A restart the engine refused is still an attempt: it backs off and counts toward max_attempts, instead
            // of being tried again on every pass.
            recordRestart((ContainerAction) a, o.at(), restart);
          }
          observe(o);
        }
      }
    }

    /** A failure the engine says will not clear up without the user: the service shows it as failed. */
    private void recordStanding(Outcome o, String service, String message) {
      if (o.standing() == null || service == null) {
        return;
      }
      String fix = switch (o.standing()) {
        case HOST_PORT_TAKEN -> "; another program or container holds the host port: stop it, or publish another"
            + " port (orch retries until it is free)";
        case IMAGE_UNAVAILABLE -> "";
        case HEALTHCHECK_COMMAND_MISSING, NAME_TAKEN_BY_FOREIGN_OBJECT -> "";
      };
      errors.recordStanding(stack, service, new StandingFailure(o.standing(), message + fix), generation);
    }

    private void done(Outcome o) {
      Action a = o.action();
      if (a instanceof CreateContainer || a instanceof StartContainer) {
        // A replica started: its host ports were free and its image there. (A health check that cannot run is
        // cleared once a replica is healthy, or by a new version of the stack.)
        errors.clearStanding(stack, ((ContainerAction) a).service(), EnumSet.of(StandingFailure.Kind.HOST_PORT_TAKEN,
            StandingFailure.Kind.IMAGE_UNAVAILABLE));
      } else if (a instanceof Action.PullImage p) {
        errors.clearStanding(stack, p.service(), EnumSet.of(StandingFailure.Kind.IMAGE_UNAVAILABLE));
      }
      if (a instanceof Action.CreateNetwork n) {
        emit(o, EventType.NETWORK_CREATED, null, "created network " + n.spec().name());
      } else if (a instanceof Action.CreateVolume v) {
        emit(o, EventType.VOLUME_CREATED, null, "created volume " + v.spec().name());
      } else if (a instanceof Action.RemoveNetwork n) {
        emit(o, EventType.NETWORK_REMOVED, null, "removed network " + n.name());
      } else if (a instanceof Action.RemoveVolume v) {
        emit(o, EventType.VOLUME_REMOVED, null, "removed volume " + v.name());
      } else if (a instanceof Action.PullImage p) {
        emit(o, EventType.IMAGE_PULLED, null, "pulled " + p.image());
      } else if (a instanceof CreateContainer c) {
        emit(o, EventType.CONTAINER_CREATED, null, "created (" + c.cause() + ")");
        if (c.restart() != null) {
          recordRestart(c, o.at(), c.restart());
          emit(o, EventType.CONTAINER_RESTARTED, c.restart().reason().label(), "replaced: " + c.cause());
        } else if (c.reason() == Reason.SPEC_CHANGED) {
          // A planned replacement (rollout, `orch restart`, rollback): the new replica starts its slot's history
          // afresh, so an old crash loop neither slows its restarts nor holds up `up` nor shows in `ps`.
          forgetSlot(c);
          emit(o, EventType.CONTAINER_REPLACED, null, "replaced and started (" + c.cause() + ")");
        } else {
          emit(o, EventType.CONTAINER_STARTED, null, "created and started (" + c.cause() + ")");
        }
      } else if (a instanceof StartContainer s) {
        if (s.restart() != null) {
          recordRestart(s, o.at(), s.restart());
          emit(o, EventType.CONTAINER_RESTARTED, s.restart().reason().label(), "restarted: " + s.cause());
        } else {
          emit(o, EventType.CONTAINER_STARTED, null, "started (" + s.cause() + ")");
        }
      } else if (a instanceof Action.StopContainer s) {
        emit(o, EventType.CONTAINER_STOPPED, null, "stopped (" + s.cause() + ")");
      } else if (a instanceof RemoveContainer r) {
        emit(o, EventType.CONTAINER_REMOVED, null, "removed (" + r.cause() + ")");
        informer.forget(r.id());
        return;
      }
      observe(o);
    }

    /** Looks again at the container the action touched, so the next pass does not plan from what it already did. */
    private void observe(Outcome o) {
      if (o.containerId() == null) {
        return;
      }
      try {
        informer.refresh(o.containerId());
      } catch (RuntimeException e) {
        log.debug("cannot look at container {} after {}: {}", o.containerId(), o.action(), e.getMessage());
      }
    }

    private void recordRestart(ContainerAction a, Instant at, PlannedRestart restart) {
      synchronized (StackReconciler.this) {
        restarts.put(stack, restarts.of(stack).restarted(slotOf(a), at, restart.backoffReset()));
      }
    }

    private void forgetSlot(ContainerAction a) {
      synchronized (StackReconciler.this) {
        restarts.put(stack, restarts.of(stack).without(slotOf(a)));
      }
    }

    private static ReplicaSlot slotOf(ContainerAction a) {
      return new ReplicaSlot(a.service(), a.slot());
    }

    private void emit(Outcome o, EventType type, String reason, String message) {
      Action a = o.action();
      if (a instanceof ContainerAction c) {
        events.emit(new AgentEvent(o.at(), type, stack, c.service(), c.slot(), c.name(), reason, message));
      } else {
        String service = a instanceof Action.PullImage p ? p.service() : null;
        events.emit(new AgentEvent(o.at(), type, stack, service, null, null, reason, message));
      }
    }
  }

  private static PlannedRestart restartOf(Action a) {
    if (a instanceof CreateContainer c) {
      return c.restart();
    }
    return a instanceof StartContainer s ? s.restart() : null;
  }

  /**
   * Problems of the whole stack (a network or volume name held by an object orch does not own) as events, once each
   * while they last: the plan finds them on every pass, before any action could fail and say so.
   */
  private void announceNewProblems(String stack, List<String> problems, Instant now) {
    List<String> before = lastProblems.getOrDefault(stack, List.of());
    problems.stream().filter(p -> !before.contains(p)).forEach(p ->
        events.emit(new AgentEvent(now, EventType.ACTION_FAILED, stack, null, null, null, null, p)));
    if (problems.isEmpty()) {
      lastProblems.remove(stack);
    } else {
      lastProblems.put(stack, List.copyOf(problems));
    }
  }

  /** Publishes and announces what changed: this loop is the board's only writer, so get-then-put is not racy. */
  private void publish(StackStatus status) {
    Optional<StackStatus> previous = board.get(status.name());
    board.publish(status);
    previous.ifPresent(p -> ServiceTransitions.between(p, status).forEach(events::emit));
  }

  private static boolean nothingLeft(ObservedState observed, boolean volumesToo) {
    return observed.containers().isEmpty() && observed.networks().isEmpty()
        && (!volumesToo || observed.volumes().isEmpty());
  }
}
