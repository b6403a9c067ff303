package io.orch.agent.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.docker.EngineContractTest;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServicePhase;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.testing.FakeEngine;
import io.orch.agent.testing.MutableClock;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler against the fake engine: usage in, a decision submitted, the stack woken; readiness from the board. */
class AutoscaleSamplerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String FILE = """
      services:
        api:
          image: busybox
          deploy:
            replicas: 2
            resources: {reservations: {cpus: "0.25", memory: 64m}}
          healthcheck: {test: ["CMD", "true"], interval: 5s}
          x-orch:
            autoscale: {min: 1, max: 6, cpu: 50%}
      """;

  @TempDir Path stateDir;
  private final MutableClock clock = new MutableClock(T0);
  private final FakeEngine engine = new FakeEngine(clock).addImage("busybox");
  private final StatusBoard board = new StatusBoard();
  private final List<String> woken = new ArrayList<>();
  private Autoscaling autoscaling;
  private AutoscaleSampler sampler;
  private Stack stack;

  @BeforeEach
  void setUp() {
    stack = AutoscalingTest.load(FILE);
    StateStore store = new StateStore(stateDir);
    store.put(new StoredStack(stack, 1, T0, false, false));
    autoscaling = new Autoscaling(stateDir);
    sampler = new AutoscaleSampler(engine, store, board, autoscaling, woken::add, clock, Duration.ofSeconds(15));
  }

  private String replica(int slot) {
    String id = engine.createContainer(new EngineContractTest.SpecBuilder("shop-api-" + slot, "busybox",
        List.of("sleep", "3600"), Map.of()).build());
    engine.startContainer(id);
    return id;
  }

  private void publish(List<ContainerStatus> containers) {
    board.publish(new StackStatus("shop", 1, T0, false, clock.instant(), List.of(new ServiceStatus("shop", "api",
        "busybox", 2, containers.size(), 0, true, 0, ServicePhase.RUNNING, null, null, List.of(), containers,
        null))));
  }

  private static ContainerStatus status(String id, int slot, ObservedContainer.Health health) {
    return new ContainerStatus("shop-api-" + slot, id, slot, ObservedContainer.State.RUNNING, health, 0, null, false,
        T0, null);
  }

  @Test
  void averagesTheReadyReplicasOnlyAndScalesUpOnTheSecondReading() {
    String a = replica(1);
    String b = replica(2);
    engine.setCpuLoad(a, 0.5); // 200% of a 0.25 reservation
    engine.setCpuLoad(b, 1.0); // busier still, but starting (health not yet reported): left out
    publish(List.of(status(a, 1, ObservedContainer.Health.HEALTHY), status(b, 2, ObservedContainer.Health.STARTING)));

    sampler.tick();
    assertThat(woken).containsExactly("shop");
    assertThat(autoscaling.fold("shop", stack, clock.instant())).as("one reading is no rate yet").isEmpty();
    assertThat(autoscaling.replicas("shop", stack.service("api"))).isEqualTo(2);

    clock.advance(Duration.ofSeconds(15));
    sampler.tick();
    List<AgentEvent> events = autoscaling.fold("shop", stack, clock.instant());

    // ceil(2 x 200% / 50%) = 8, limited to +4 by the default scale-up step, capped at max 6.
    assertThat(events).singleElement().satisfies(e ->
        assertThat(e.message()).startsWith("cpu 200% of 50% target").endsWith(": 2 -> 6"));
    assertThat(autoscaling.replicas("shop", stack.service("api"))).isEqualTo(6);
    var last = autoscaling.view("shop", stack.service("api")).orElseThrow().last();
    assertThat(last.readings()).singleElement().satisfies(r -> assertThat(r.averaged()).isEqualTo(1));
  }

  @Test
  void noReadyReplicaKeepsTheCount() {
    String a = replica(1);
    engine.setCpuLoad(a, 1.0);
    publish(List.of(status(a, 1, ObservedContainer.Health.UNHEALTHY)));

    sampler.tick();
    clock.advance(Duration.ofSeconds(15));
    sampler.tick();
    autoscaling.fold("shop", stack, clock.instant());

    assertThat(autoscaling.replicas("shop", stack.service("api"))).isEqualTo(2);
    assertThat(autoscaling.view("shop", stack.service("api")).orElseThrow().last().reason())
        .isEqualTo("no ready replica to measure (1 not ready): 2 kept");
  }

  @Test
  void anEngineThatDoesNotAnswerDecidesNothingAndTheCountStays() {
    String a = replica(1);
    engine.setCpuLoad(a, 1.0);
    publish(List.of(status(a, 1, ObservedContainer.Health.HEALTHY)));
    sampler.tick();
    clock.advance(Duration.ofSeconds(15));
    woken.clear();

    engine.down();
    sampler.tick();

    assertThat(woken).isEmpty();
    autoscaling.fold("shop", stack, clock.instant());
    assertThat(autoscaling.replicas("shop", stack.service("api"))).isEqualTo(2);
    assertThat(autoscaling.view("shop", stack.service("api")).orElseThrow().last().reason())
        .as("the decision before the outage").isEqualTo("no samples: 2 kept");
  }
}
