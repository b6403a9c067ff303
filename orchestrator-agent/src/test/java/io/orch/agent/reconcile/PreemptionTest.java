package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.events.AgentEvents;
import io.orch.agent.observe.ContainerInformer;
import io.orch.agent.state.RestartBook;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ServiceErrors;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.testing.FakeEngine.Op;
import io.orch.agent.testing.FakeEngine;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.Action;
import io.orch.core.plan.Planner;
import io.orch.core.restart.RestartHistories;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass stops issuing actions once its stack's desired state was replaced. One engine worker makes "the actions
 * under way" exactly the one that saw the change, so the counts are exact.
 */
class PreemptionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final ExecutorService oneWorker = Executors.newSingleThreadExecutor();

  @TempDir
  Path stateDir;

  @AfterEach
  void stopWorker() {
    oneWorker.shutdownNow();
  }

  private static Stack stack(int replicas) {
    return new Stack("demo", Map.of("web", ServiceSpec.of("web", "busybox").withReplicas(replicas)), Map.of(),
        Map.of());
  }

  private List<Action> planFromEmpty(Stack stack) {
    ObservedState nothing = new ObservedState(List.of(), List.of(), List.of(), List.of("busybox"));
    return new Planner().plan("demo", stack, false, nothing, RestartHistories.EMPTY, CLOCK.instant()).actions();
  }

  /** A fake engine that calls {@code afterCreate} with the number of containers created so far, after each create. */
  private static FakeEngine engine(IntConsumer afterCreate) {
    FakeEngine engine = new FakeEngine(CLOCK).addImage("busybox");
    engine.afterCall(call -> {
      if (call.op() == Op.CONTAINER_CREATE) {
        afterCreate.accept(created(engine).size());
      }
    });
    return engine;
  }

  private static List<FakeEngine.Call> created(FakeEngine engine) {
    return engine.calls(Op.CONTAINER_CREATE);
  }

  private PlanExecutor executor(FakeEngine engine) {
    return new PlanExecutor(engine, CLOCK, oneWorker);
  }

  @Test
  void issuesEveryActionWhileTheStackIsUnchanged() {
    FakeEngine engine = engine(n -> { });

    executor(engine).apply("demo", planFromEmpty(stack(100)), Preemption.NEVER, outcome -> { });

    assertThat(created(engine)).hasSize(100);
  }

  @Test
  void issuesNoFurtherActionOnceTheStackChanged() {
    AtomicBoolean changed = new AtomicBoolean();
    FakeEngine engine = engine(n -> changed.set(n == 5 || changed.get()));

    executor(engine).apply("demo", planFromEmpty(stack(100)), changed::get, outcome -> { });

    assertThat(created(engine)).as("creates after the change").hasSize(5);
  }

  @Test
  void aDeleteStoredDuringThePassStopsCreationAndAsksForAnotherPassAtOnce() {
    StateStore store = new StateStore(stateDir);
    store.put(new StoredStack(stack(200), 1, CLOCK.instant(), false, false));
    // What DELETE /v1/stacks/demo does, from the engine's thread while the pass creates its third replica.
    FakeEngine engine = engine(n -> {
      if (n == 3) {
        store.put(store.get("demo").orElseThrow().markedForRemoval(false));
      }
    });
    StackReconciler reconciler = reconciler(store, engine);

    Optional<Duration> again = reconciler.reconcile("demo").again();

    assertThat(created(engine)).hasSize(3);
    assertThat(again).contains(Duration.ZERO);
    assertThat(store.get("demo")).hasValueSatisfying(s -> assertThat(s.deleting()).isTrue());
  }

  @Test
  void aResubmissionDuringThePassStopsItToo() {
    StateStore store = new StateStore(stateDir);
    store.put(new StoredStack(stack(200), 1, CLOCK.instant(), false, false));
    // What PUT (or scale) does: a new desired state, one generation on.
    FakeEngine engine = engine(n -> {
      if (n == 7) {
        store.put(store.get("demo").orElseThrow().withStack(stack(10), CLOCK.instant()));
      }
    });
    StackReconciler reconciler = reconciler(store, engine);

    assertThat(reconciler.reconcile("demo").again()).contains(Duration.ZERO);
    assertThat(created(engine)).hasSize(7);
  }

  @Test
  void anUnchangedStackRunsItsWholePlan() {
    StateStore store = new StateStore(stateDir);
    store.put(new StoredStack(stack(20), 1, CLOCK.instant(), false, false));
    FakeEngine engine = engine(n -> { });
    StackReconciler reconciler = reconciler(store, engine);

    Optional<Duration> again = reconciler.reconcile("demo").again();

    assertThat(created(engine)).hasSize(20);
    assertThat(again).isNotEqualTo(Optional.of(Duration.ZERO));
  }

  private StackReconciler reconciler(StateStore store, FakeEngine engine) {
    ContainerInformer informer = new ContainerInformer(engine, CLOCK);
    return new StackReconciler(store, new StackObserver(engine, informer), informer, new Planner(), executor(engine),
        new RestartBook(stateDir), new ServiceErrors(), new StatusBoard(), AgentEvents.NOOP, CLOCK);
  }
}
