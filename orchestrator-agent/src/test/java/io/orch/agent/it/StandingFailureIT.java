package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.api.dto.ServiceStatusDto;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failures that will not fix themselves stop `orch up` at once with the cause (exit 1) instead of waiting out its
 * --timeout; the service shows failed with the cause; the stack stays declared, so fixing the cause converges it.
 */
class StandingFailureIT extends AgentItBase {
  private Path file(String yaml) throws Exception {
    Path dir = Files.createTempDirectory("orch-standing");
    Path f = dir.resolve("compose.yaml");
    Files.writeString(f, "name: " + stack + "\n" + yaml.replace("IMAGE", image));
    return f;
  }

  private OrchCli.Run up(Path file) throws Exception {
    // --timeout 5m, the default: a run that waited it out would not finish within the 3 minutes given.
    return OrchCli.run(agent, 3, "up", "-f", file.toString(), "--timeout", "5m");
  }

  @Test
  void anImageThatCannotBePulledStopsUpAndConvergesOnceItIsThere() throws Exception {
    String missing = "orch-it-missing/" + stack + ":1";
    OrchCli.Run up = up(file("""
        services:
          web:
            image: MISSING
            command: ["sleep", "86400"]
        """.replace("MISSING", missing)));

    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).as(up.all()).contains("service web failed").contains("cannot pull image " + missing);
    ServiceStatusDto web = service("web");
    assertThat(web.state()).isEqualTo(ServiceStatusDto.State.FAILED);
    assertThat(web.lastError()).contains("cannot pull image " + missing);

    docker.tagImageCmd(image, "orch-it-missing/" + stack, "1").exec();
    try {
      await("converged once the image is there, without a new submission").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> service("web").state() == ServiceStatusDto.State.RUNNING);
    } finally {
      client().delete(stack, false);
      await().atMost(Duration.ofSeconds(60)).until(() -> client().stack(stack).isEmpty());
      docker.removeImageCmd(missing).withNoPrune(true).exec();
    }
  }

  @Test
  void aHealthCheckWhoseCommandIsNotInTheImageStopsUpWithItsOutput() throws Exception {
    OrchCli.Run up = up(file("""
        services:
          web:
            image: IMAGE
            command: ["sleep", "86400"]
            healthcheck:
              test: ["CMD-SHELL", "curl -fsS localhost:8080"]
              interval: 1s
              retries: 2
        """));

    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).as(up.all()).contains("service web failed")
        .contains("health check's command cannot run in the image").contains("curl: not found")
        .contains("exit 127");

    OrchCli.Run fixed = up(file("""
        services:
          web:
            image: IMAGE
            command: ["sleep", "86400"]
            healthcheck:
              test: ["CMD", "true"]
              interval: 1s
              retries: 2
        """));
    assertThat(fixed.exit()).as(fixed.all()).isZero();
    assertThat(fixed.out()).contains("stack " + stack + " is up");
  }

  @Test
  void aHostPortAnotherProgramHoldsStopsUpAndConvergesOnceFreed() throws Exception {
    int port = 7312;
    ServerSocket squatter = new ServerSocket();
    squatter.setReuseAddress(true);
    squatter.bind(new InetSocketAddress("127.0.0.1", port));
    try {
      OrchCli.Run up = up(file("""
          services:
            web:
              image: IMAGE
              command: ["sleep", "86400"]
              ports: ["127.0.0.1:PORT:80"]
          """.replace("PORT", Integer.toString(port))));

      assertThat(up.exit()).as(up.all()).isEqualTo(1);
      assertThat(up.err()).as(up.all()).contains("service web failed").contains("address already in use")
          .contains("holds the host port");
    } finally {
      squatter.close();
    }
    await("converged once the port is free (retried with backoff)").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> service("web").state() == ServiceStatusDto.State.RUNNING);
  }
}
