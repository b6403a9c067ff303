package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.orch.core.engine.EngineException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour without an engine: an absent engine is a transient failure, and every call is reported. */
class DockerEngineTest {
  @Test
  void missingEngineIsUnavailableAndTheFailedCallIsReported(@TempDir Path dir) throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix://" + dir.resolve("no-such-docker.sock"))
        .build();

    try (DockerEngine engine = new DockerEngine(config, (op, took, ok) -> calls.add(op + "=" + ok))) {
      assertThatThrownBy(engine::ping).isInstanceOf(EngineException.Unavailable.class);
      assertThatThrownBy(() -> engine.removeContainer("x")).isInstanceOf(EngineException.Unavailable.class);
    }

    assertThat(calls).containsExactly("ping=false", "container.remove=false");
  }
}
