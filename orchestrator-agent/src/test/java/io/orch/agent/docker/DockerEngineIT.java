package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.orch.agent.testing.TestImages;
import io.orch.core.engine.Engine;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine contract against the real Docker Engine at DOCKER_HOST (the same class {@code FakeEngineContractTest}
 * runs against the fake). Fails when no engine answers.
 */
class DockerEngineIT extends EngineContractTest {
  private static final List<String> calls = new CopyOnWriteArrayList<>();
  private static DockerEngine engine;
  private static DockerEngine nobodyHome;
  private static String image;

  @BeforeAll
  static void connect() {
    TestImages.requireEngine();
    image = TestImages.busybox();
    engine = DockerEngine.fromEnvironment((operation, took, ok) -> calls.add(operation + (ok ? "" : "!")));
    nobodyHome = new DockerEngine(DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix:///nonexistent/orch-test/docker.sock").build(), EngineCallListener.NOOP);
  }

  @AfterAll
  static void disconnect() throws IOException {
    if (engine != null) {
      engine.close();
    }
    if (nobodyHome != null) {
      nobodyHome.close();
    }
  }

  @Override
  protected Engine engine() {
    return engine;
  }

  @Override
  protected String image() {
    return image;
  }

  @Override
  protected Engine unreachableEngine() {
    return nobodyHome;
  }

  @Test
  void everyCallIsReportedToTheListenerWithItsOutcome() {
    calls.clear();
    engine.ping();
    engine.inspectContainer("orchit-surely-missing"); // a 404 answered as "empty" is a successful call

    assertThat(calls).containsExactly("ping", "container.inspect");
  }
}
