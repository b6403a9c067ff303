package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart generations and rollback history: what `orch restart` and `orch rollback` rely on. */
class StoredStackTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path dir;

  private static Stack stack(String greeting, int replicas) {
    ServiceSpec web = ServiceSpec.of("web", "busybox:1.36").withReplicas(replicas)
        .withEnvironment(Map.of("GREETING", greeting));
    ServiceSpec db = ServiceSpec.of("db", "busybox:1.36");
    return new Stack("demo", Map.of("web", web, "db", db), Map.of("default", NetworkSpec.bridge("default")),
        Map.of());
  }

  private static String hash(Stack stack, String service) {
    ContainerSpec spec = EngineSpecs.forSlot(stack, stack.service(service), 1);
    return spec.labels().get("io.orch.spec-hash");
  }

  @Test
  void aRestartChangesOnlyThatServicesSpecHashAndNotTheSubmittedStack() {
    StoredStack s = new StoredStack(stack("hi", 3), 1, T0, false, false);

    StoredStack restarted = s.withRestart("web", T0);

    assertThat(restarted.stack()).isEqualTo(s.stack());
    assertThat(hash(restarted.desired(), "web")).isNotEqualTo(hash(s.desired(), "web"));
    assertThat(hash(restarted.desired(), "db")).isEqualTo(hash(s.desired(), "db"));
    assertThat(hash(restarted.withRestart("web", T0).desired(), "web"))
        .isNotEqualTo(hash(restarted.desired(), "web"));
    assertThat(restarted.generation()).isEqualTo(2);
  }

  @Test
  void resubmittingTheSameFileAfterARestartKeepsTheRestartedContainers() {
    StoredStack restarted = new StoredStack(stack("hi", 3), 1, T0, false, false).withRestart("web", T0);

    StoredStack resubmitted = restarted.withStack(stack("hi", 3), T0);

    assertThat(hash(resubmitted.desired(), "web")).isEqualTo(hash(restarted.desired(), "web"));
  }

  @Test
  void rollbackPutsBackThePreviousSpecAtTheCurrentReplicaCountAndTogglesBack() {
    StoredStack v1 = new StoredStack(stack("v1", 3), 1, T0, false, false);
    assertThat(v1.rolledBack("web", T0)).isEmpty();

    StoredStack v2 = v1.withStack(stack("v2", 3), T0).withStack(stack("v2", 5), T0);
    StoredStack back = v2.rolledBack("web", T0).orElseThrow();

    assertThat(back.stack().service("web").environment()).containsEntry("GREETING", "v1");
    assertThat(back.stack().service("web").replicas()).isEqualTo(5);
    assertThat(back.rolledBack("db", T0)).isEmpty();
    assertThat(back.rolledBack("web", T0).orElseThrow().stack().service("web").environment())
        .containsEntry("GREETING", "v2");
  }

  @Test
  void aScaleAloneIsNoHistory() {
    StoredStack scaled = new StoredStack(stack("v1", 3), 1, T0, false, false).withStack(stack("v1", 1), T0);

    assertThat(scaled.rolledBack("web", T0)).isEmpty();
  }

  @Test
  void restartGenerationsAndHistorySurviveAnAgentRestart() {
    StoredStack s = new StoredStack(stack("v1", 2), 1, T0, false, false).withStack(stack("v2", 2), T0)
        .withRestart("web", T0);
    new StateStore(dir).put(s);

    StoredStack reloaded = new StateStore(dir).get("demo").orElseThrow();

    assertThat(reloaded).isEqualTo(s);
    assertThat(hash(reloaded.desired(), "web")).isEqualTo(hash(s.desired(), "web"));
  }

  @Test
  void readsAFileWrittenBeforeRestartAndRollbackExisted() throws Exception {
    StateStore store = new StateStore(dir);
    store.put(new StoredStack(stack("v1", 2), 1, T0, false, false));
    Path file = dir.resolve("stacks/demo.json");
    String old = Files.readString(file).replaceAll(",\\s*\"restartGenerations\"\\s*:\\s*\\{\\s*}", "")
        .replaceAll(",\\s*\"previousSpecs\"\\s*:\\s*\\{\\s*}", "");
    assertThat(old).doesNotContain("restartGenerations").doesNotContain("previousSpecs");
    Files.writeString(file, old);

    StoredStack reloaded = new StateStore(dir).get("demo").orElseThrow();

    assertThat(reloaded.restartGenerations()).isEmpty();
    assertThat(reloaded.previousSpecs()).isEmpty();
  }
}
