package io.orch.agent.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.core.autoscale.AutoscaleDecision;
import io.orch.core.autoscale.Autoscaler;
import io.orch.core.autoscale.Sample;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.Stack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoscalingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String FILE = """
      services:
        api:
          image: busybox
          deploy:
            replicas: 2
            resources: {reservations: {cpus: "0.5"}}
          x-orch:
            autoscale: {min: 1, max: 8, cpu: 70%}
        db:
          image: busybox
      """;

  @TempDir Path stateDir;

  static Stack load(String yaml) {
    LoadResult r = new StackLoader(Map.of(), ReplicaLimit.DEFAULT).loadText(yaml, "test", null, "shop", Set.of());
    assertThat(r.errors()).isEmpty();
    return r.stack();
  }

  /** The decision the sampler would submit: every ready replica at {@code cpu} of its reservation. */
  static AutoscaleDecision decide(Autoscaling a, Stack stack, double cpu, int replicas, Instant now) {
    var spec = stack.service("api");
    List<Sample> samples = java.util.stream.IntStream.range(0, replicas)
        .mapToObj(i -> Sample.ready("r" + i, cpu, null)).toList();
    ServiceScaling kept = a.scaling("shop", "api").orElse(ServiceScaling.starting(a.replicas("shop", spec)));
    return Autoscaler.decide(a.rule("shop", spec), a.replicas("shop", spec), samples, kept.history(), kept.events(),
        now);
  }

  @Test
  void startsAtTheDeclaredCountThenFollowsFoldedDecisionsWithAnEventCarryingTheReason() {
    Autoscaling a = new Autoscaling(stateDir);
    Stack stack = load(FILE);
    assertThat(a.replicas("shop", stack.service("api"))).isEqualTo(2);
    assertThat(a.replicas("shop", stack.service("db"))).as("not autoscaled: declared").isEqualTo(1);

    a.submit("shop", "api", decide(a, stack, 1.43, 2, T0), T0);
    List<AgentEvent> events = a.fold("shop", stack, T0);

    assertThat(a.replicas("shop", stack.service("api"))).isEqualTo(5);
    assertThat(a.effective("shop", stack).service("api").replicas()).isEqualTo(5);
    assertThat(a.effective("shop", stack).service("db").replicas()).isEqualTo(1);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.SERVICE_AUTOSCALED);
      assertThat(e.service()).isEqualTo("api");
      assertThat(e.reason()).isEqualTo("up");
      assertThat(e.message()).isEqualTo("cpu 143% of 70% target: 2 -> 5");
    });
  }

  @Test
  void theCountAndTheWindowsMemorySurviveARestart() {
    Autoscaling before = new Autoscaling(stateDir);
    Stack stack = load(FILE);
    before.submit("shop", "api", decide(before, stack, 1.43, 2, T0), T0);
    before.fold("shop", stack, T0);

    Autoscaling after = new Autoscaling(stateDir);
    assertThat(after.replicas("shop", stack.service("api"))).isEqualTo(5);
    // Idle a minute later: the 5 m scale-down window still remembers the recommendation of 5.
    AutoscaleDecision idle = decide(after, stack, 0.05, 5, T0.plusSeconds(60));
    assertThat(idle.desired()).isEqualTo(5);
    assertThat(idle.reason()).contains("held by the 5m scale-down window");
    assertThat(after.view("shop", stack.service("api")).orElseThrow().last().reason())
        .isEqualTo("cpu 143% of 70% target: 2 -> 5");
  }

  @Test
  void aDecisionMadeForAnotherCountIsDropped() {
    Autoscaling a = new Autoscaling(stateDir);
    Stack stack = load(FILE);
    AutoscaleDecision forTwo = decide(a, stack, 1.43, 2, T0);
    a.pin("shop", "api", 3); // the user pinned between the measurement and the fold

    assertThat(a.replicas("shop", stack.service("api"))).isEqualTo(3);
    a.submit("shop", "api", forTwo, T0);
    assertThat(a.fold("shop", stack, T0)).isEmpty();
    assertThat(a.replicas("shop", stack.service("api"))).isEqualTo(3);
  }

  @Test
  void aPinMakesMinAndMaxThePinnedCountUntilClearedAndSurvivesARestart() {
    Autoscaling a = new Autoscaling(stateDir);
    Stack stack = load(FILE);
    a.pin("shop", "api", 4);

    Autoscaling restarted = new Autoscaling(stateDir);
    var view = restarted.view("shop", stack.service("api")).orElseThrow();
    assertThat(view.pinned()).isTrue();
    assertThat(view.rule().min()).isEqualTo(4);
    assertThat(view.rule().max()).isEqualTo(4);
    // Busy or idle, a pinned service keeps its count.
    restarted.submit("shop", "api", decide(restarted, stack, 5.0, 4, T0), T0);
    assertThat(restarted.fold("shop", stack, T0)).isEmpty();
    assertThat(restarted.replicas("shop", stack.service("api"))).isEqualTo(4);

    restarted.clearPins("shop");
    assertThat(restarted.view("shop", stack.service("api")).orElseThrow().pinned()).isFalse();
    assertThat(restarted.replicas("shop", stack.service("api"))).as("the kept count, within 1..8").isEqualTo(4);
  }

  @Test
  void aServiceNoLongerAutoscaledIsForgottenAndANewRangeClampsAtOnce() {
    Autoscaling a = new Autoscaling(stateDir);
    Stack stack = load(FILE);
    a.submit("shop", "api", decide(a, stack, 1.43, 2, T0), T0);
    a.fold("shop", stack, T0);

    Stack narrower = load(FILE.replace("max: 8", "max: 3"));
    assertThat(a.replicas("shop", narrower.service("api"))).isEqualTo(3);

    Stack plain = load(FILE.replace("    x-orch:\n      autoscale: {min: 1, max: 8, cpu: 70%}\n", ""));
    a.fold("shop", plain, T0.plusSeconds(1));
    assertThat(a.scaling("shop", "api")).isEmpty();
    assertThat(a.replicas("shop", plain.service("api"))).isEqualTo(2);
    assertThat(a.view("shop", plain.service("api"))).isEmpty();
  }
}
