package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ServiceTransitions;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.observe.ContainerInformer;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.Stack;
import io.orch.core.plan.Action;
import io.orch.core.plan.Plan;
import io.orch.core.plan.Planner;
import io.orch.core.restart.RestartTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass of one stack: read the desired state, observe the engine, plan, execute, publish the status.
 * Never waits for the engine to settle: the events of what it just did trigger the next pass.
 */
public final class StackReconciler {
  private static final Logger log = LoggerFactory.getLogger(StackReconciler.class);
  /** After acting, look again soon even if an event is missed: the status should not stay stale. */
  private static final Duration AFTER_ACTIONS = Duration.ofSeconds(2);

  private final StateStore store;
  private final StackObserver observer;
  private final ContainerInformer informer;
  private final Planner planner;
  private final PlanExecutor executor;
  private final RestartTracker restarts;
  private final ServiceErrors errors;
  private final StatusBoard board;
  private final AgentEvents events;
  private final Clock clock;
  private final BackoffEvents backoffEvents;

  public StackReconciler(StateStore store, StackObserver observer, ContainerInformer informer, Planner planner,
      PlanExecutor executor, RestartTracker restarts, ServiceErrors errors, StatusBoard board, AgentEvents events,
      Clock clock) {
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

  /** One pass of a stack this agent holds; returns when it wants another pass regardless of events, if ever. */
  public Optional<Duration> reconcile(String name) {
    Optional<StoredStack> stored = store.get(name);
    if (stored.isEmpty()) {
      publishUnmanaged(name);
      return Optional.empty();
    }
    StoredStack s = stored.get();
    Stack desired = s.deleting() ? null : s.desired();
    ObservedState observed = observer.observe(name, desired);
    Instant now = clock.instant();
    Plan plan = planner.plan(name, desired, s.removeVolumes(), observed, restarts, now);
    if (!plan.actions().isEmpty()) {
      log.debug("plan for {}:\n{}", name, plan);
    }
    plan.problems().forEach(p -> errors.record(name, null, p));
    backoffEvents.afterPlan(name, observed, restarts, now);
    // Readers see this pass's view (e.g. "converging" while an unhealthy replica is replaced) before it acts...
    publish(StatusReport.of(s, observed, plan, restarts, errors, now));
    // Generations are bumped by every change to the stored stack, so this is a map lookup per action, not a read.
    Preemption changed = () -> store.get(name).map(StoredStack::generation).orElse(-1L) != s.generation();
    Optional<Duration> executorRetry = executor.apply(name, plan.actions(), changed);
    if (changed.superseded()) {
      return Optional.of(Duration.ZERO); // plan again from the new state at once (the API enqueued it too)
    }
    if (s.deleting() && plan.actions().isEmpty() && nothingLeft(observed, s.removeVolumes())) {
      if (!store.removeIf(name, s.generation())) {
        return Optional.of(Duration.ZERO); // re-submitted meanwhile: reconcile the new version
      }
      board.remove(name);
      errors.clearStack(name);
      events.emit(new AgentEvent(now, "stack.removed", name, null, null, null, null, "stack removed"));
      return Optional.empty();
    }
    if (!plan.actions().isEmpty()) {
      // ...and what it left behind once it acted, so a reader never mistakes the state before the pass for after.
      refreshTouched(plan.actions());
      publish(StatusReport.of(s, observer.observe(name, desired), plan, restarts, errors, clock.instant()));
    }
    Optional<Duration> soon = plan.actions().isEmpty() ? Optional.empty() : Optional.of(AFTER_ACTIONS);
    return Stream.of(plan.requeueAfter(), executorRetry, soon).flatMap(Optional::stream).min(Duration::compareTo);
  }

  /** Looks again at each container the pass acted on, so the next pass does not plan from what it already did. */
  private void refreshTouched(List<Action> actions) {
    Set<String> touched = new LinkedHashSet<>();
    for (Action a : actions) {
      if (a instanceof Action.CreateContainer c) {
        touched.add(c.spec().name());
      } else if (a instanceof Action.StartContainer st) {
        touched.add(st.id());
      } else if (a instanceof Action.StopContainer st) {
        touched.add(st.id());
      } else if (a instanceof Action.RemoveContainer r) {
        touched.add(r.id());
      }
    }
    touched.forEach(informer::refresh);
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
