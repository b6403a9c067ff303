package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.autoscale.AutoscaleDecision;
import io.orch.core.autoscale.Autoscaler;
import io.orch.core.autoscale.Sample;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.plan.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler folds the autoscaler's decisions in and the planner acts on them: the only way a decision reaches
 * the engine. The count is stored, so a restarted agent keeps it instead of going back to the declared replicas.
 */
class AutoscaledPassTest {
  private static final String STACK = """
      name: auto
      services:
        api:
          image: busybox
          command: ["sleep", "86400"]
          network_mode: none
          deploy:
            replicas: 1
            resources: {reservations: {cpus: "0.5"}}
          x-orch:
            autoscale: {min: 1, max: 4, cpu: 70%}
      """;

  @TempDir Path stateDir;
  private PassHarness h;

  @BeforeEach
  void start() {
    h = new PassHarness(stateDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private List<ObservedContainer> running() {
    return h.fake.listContainers(Map.of(Labels.STACK, "auto")).stream().filter(ObservedContainer::running).toList();
  }

  /** What the sampler would submit with every replica at {@code cpu} of its reservation. */
  private void measured(double cpu) {
    var spec = h.store.get("auto").orElseThrow().stack().service("api");
    int current = h.autoscaling.replicas("auto", spec);
    var kept = h.autoscaling.scaling("auto", "api");
    AutoscaleDecision d = Autoscaler.decide(h.autoscaling.rule("auto", spec), current,
        IntStream.range(0, current).mapToObj(i -> Sample.ready("r" + i, cpu, null)).toList(),
        kept.map(s -> s.history()).orElse(List.of()), kept.map(s -> s.events()).orElse(List.of()), h.clock.instant());
    h.autoscaling.submit("auto", "api", d, h.clock.instant());
  }

  @Test
  void aFoldedDecisionScalesThroughThePlanAndSurvivesAnAgentRestart() {
    h.submit(STACK);
    h.pass("auto");
    assertThat(running()).hasSize(1);

    measured(2.0); // 200% of a 70% target: ceil(1 x 2.86) = 3
    h.pass("auto");

    assertThat(running()).hasSize(3);
    assertThat(h.status("auto").orElseThrow().services().get(0).desired()).isEqualTo(3);
    assertThat(h.transcript()).contains("service.autoscaled api [up]: cpu 200% of 70% target: 1 -> 3");

    h.restartAgent();
    h.pass("auto");
    assertThat(running()).as("the stored count, not the declared 1").hasSize(3);
    assertThat(h.transcript()).doesNotContain("scale down");
  }

  @Test
  void aPlainPassWithoutDecisionsKeepsTheDeclaredStartingCount() {
    h.submit(STACK.replace("replicas: 1", "replicas: 2"));
    h.pass("auto");
    h.pass("auto");
    assertThat(running()).hasSize(2);
  }
}
