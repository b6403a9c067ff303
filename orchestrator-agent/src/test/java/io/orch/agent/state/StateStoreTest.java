package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  private static Stack stack() {
    ServiceSpec web = ServiceSpec.of("web", "busybox:1.36").withReplicas(3)
        .withEnvironment(Map.of("A", "1"))
        .withCommand(List.of("httpd", "-f"))
        .withHealthcheck(new HealthCheck(List.of("CMD", "true"), Duration.ofSeconds(2), null, 3, null, null))
        .withDependsOn(Map.of("db", Dependency.STARTED))
        .withStopGracePeriod(Duration.ofMillis(1500));
    ServiceSpec db = ServiceSpec.of("db", "busybox:1.36");
    return new Stack("demo", Map.of("web", web, "db", db), Map.of("default", NetworkSpec.bridge("default")),
        Map.of("data", VolumeSpec.local("data")));
  }

  @Test
  void survivesRestartWithEqualModel() {
    StateStore store = new StateStore(dir);
    StoredStack s = new StoredStack(stack(), 1, Instant.parse("2026-01-01T00:00:00Z"), false, false);
    store.put(s);

    StateStore reopened = new StateStore(dir);
    assertThat(reopened.get("demo")).contains(s);
    assertThat(reopened.all()).containsExactly(s);
  }

  @Test
  void removeDeletesTheFile() {
    StateStore store = new StateStore(dir);
    store.put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    store.remove("demo");
    assertThat(new StateStore(dir).get("demo")).isEmpty();
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    StateStore store = new StateStore(dir);
    store.put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    store.put(new StoredStack(stack(), 2, Instant.EPOCH, false, false));
    try (var files = Files.list(dir.resolve("stacks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.json");
    }
  }

  @Test
  void unreadableFileIsKeptAndSkipped() throws Exception {
    Files.createDirectories(dir.resolve("stacks"));
    Files.writeString(dir.resolve("stacks/broken.json"), "{not json");
    StateStore store = new StateStore(dir);
    assertThat(store.all()).isEmpty();
    assertThat(dir.resolve("stacks/broken.json")).exists();
  }
}
