package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.orch.core.engine.EngineException;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour without an engine: an absent engine is a transient failure, and every call is reported. */
class DockerEngineTest {
  private static DockerEngine engineAt(Path dir, EngineCallListener listener) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix://" + dir.resolve("no-such-docker.sock"))
        .build();
    return new DockerEngine(config, listener);
  }

  @Test
  void missingEngineIsUnavailableAndTheFailedCallIsReported(@TempDir Path dir) throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();

    try (DockerEngine engine = engineAt(dir, (op, took, ok) -> calls.add(op + "=" + ok))) {
      assertThatThrownBy(engine::ping).isInstanceOf(EngineException.Unavailable.class);
      assertThatThrownBy(() -> engine.removeContainer("x")).isInstanceOf(EngineException.Unavailable.class);
    }

    assertThat(calls).containsExactly("ping=false", "container.remove=false");
  }

  /** Refused before any request: against a missing engine a request would have been Unavailable instead. */
  @Test
  void anIdOrNameThatCouldWalkTheEnginesUrlNeverBecomesARequest(@TempDir Path dir) throws Exception {
    try (DockerEngine engine = engineAt(dir, EngineCallListener.NOOP)) {
      for (String crafted : List.of("x/../victimnet", "..", "y/../../containers/victim", "a\u0000b", "a%2Fb")) {
        assertThatThrownBy(() -> engine.removeNetwork(crafted)).as(crafted)
            .isInstanceOf(EngineException.Rejected.class).hasMessageContaining("refusing to send");
        assertThatThrownBy(() -> engine.removeContainer(crafted)).isInstanceOf(EngineException.Rejected.class);
        assertThatThrownBy(() -> engine.removeVolume(crafted)).isInstanceOf(EngineException.Rejected.class);
        assertThatThrownBy(() -> engine.stopContainer(crafted, Duration.ZERO))
            .isInstanceOf(EngineException.Rejected.class);
        assertThatThrownBy(() -> engine.inspectNetwork(crafted)).isInstanceOf(EngineException.Rejected.class);
      }
    }
  }

  @Test
  void eventStreamThatCannotConnectEndsOnceWithUnavailable(@TempDir Path dir) throws Exception {
    List<Throwable> ends = new CopyOnWriteArrayList<>();

    try (DockerEngine engine = engineAt(dir, EngineCallListener.NOOP);
        Closeable watch = engine.watchEvents(event -> {}, ends::add)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !ends.isEmpty());
    }

    assertThat(ends).hasSize(1);
    assertThat(ends.get(0)).isInstanceOf(EngineException.Unavailable.class);
  }
}
