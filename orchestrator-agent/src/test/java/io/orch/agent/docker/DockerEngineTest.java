package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.orch.core.engine.EngineException;
import java.io.Closeable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
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

  /**
   * A socket that accepts and never answers is what a stalled dockerd (SIGSTOP) looks like. docker-java's response
   * timeout does not apply to unix sockets; the call's own deadline does, and closes the connection.
   */
  @Test
  void anEngineThatNeverAnswersFailsEachCallAtItsDeadline(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("stalled.sock");
    List<String> calls = new CopyOnWriteArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + socket).build();
      var settings = new DockerEngineSettings(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(500),
          Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10), 10);
      try (DockerEngine engine = new DockerEngine(config, settings, (op, took, ok) -> calls.add(op + "=" + ok))) {
        long started = System.nanoTime();
        assertThatThrownBy(engine::ping).isInstanceOf(EngineException.Unavailable.class)
            .hasMessage("ping: no answer from the Docker Engine within 500ms")
            .hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        started = System.nanoTime();
        assertThatThrownBy(() -> engine.listContainers(Map.of())).isInstanceOf(EngineException.Unavailable.class)
            .hasMessage("container.list: no answer from the Docker Engine within 1500ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
      }
    }
    assertThat(calls).containsExactly("ping=false", "container.list=false");
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
