package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestImages;
import io.orch.api.client.OrchClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the `orch` CLI prints when things go wrong, from the shaded jar as a user runs it (its own logging config, its
 * own process), issue 17 item 7: a Dockerfile typo is one line naming file and line, not a Java stack trace; an
 * engine that does not answer is named (socket, DOCKER_HOST) with what to do, and `up` leaves no agent behind.
 */
class CliMessagesIT {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void aDockerfileSyntaxErrorNamesFileAndLineWithoutAStackTrace() throws Exception {
    TestImages.requireEngine();
    TestImages.tagAs(TestImages.busybox(), "busybox:1.36");
    Files.createDirectories(dir.resolve("web"));
    Files.writeString(dir.resolve("web/Dockerfile"), "FROM busybox:1.36\nRUNN echo hi\n");
    Files.writeString(dir.resolve("compose.yaml"), """
        name: uxbuilderr
        services:
          web:
            build: ./web
            image: uxbuilderr-web:dev
        """);

    Run build = orch(Map.of(), "build", "-f", dir.resolve("compose.yaml").toString());

    assertThat(build.exit()).as(build.err()).isEqualTo(1); // as `docker build` and the classic builder's Compose
    assertThat(build.err()).contains(dir.resolve("web/Dockerfile") + ":2: unknown instruction: RUNN")
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Status 400");
  }

  @Test
  void withTheEngineDownUpNamesTheSocketAndLeavesNoAgentRunning() throws Exception {
    Path socket = dir.resolve("no-engine.sock");
    Files.writeString(dir.resolve("compose.yaml"), """
        name: uxnoengine
        services:
          web:
            image: busybox:1.36
        """);
    String addr = "http://127.0.0.1:" + freePort();

    Run up = orch(Map.of("DOCKER_HOST", "unix://" + socket), "up", "--no-lint", "-f",
        dir.resolve("compose.yaml").toString(), "--addr", addr, "--state-dir", dir.resolve("state").toString());

    assertThat(up.exit()).isEqualTo(1);
    assertThat(up.err()).contains("no Docker Engine answers at unix://" + socket + " (from DOCKER_HOST)")
        .contains("start it").contains("point DOCKER_HOST at a running engine").contains("was stopped")
        .doesNotContain("null");
    Matcher pid = Pattern.compile("\\(pid (\\d+)\\)").matcher(up.out());
    assertThat(pid.find()).as(up.out()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false))
        .as("the agent `up` started is gone").isFalse();
    Run ps = orch(Map.of(), "ls", "--addr", addr, "--state-dir", dir.resolve("state").toString());
    assertThat(ps.err()).contains("no orch agent answers").as("nothing listens on " + addr);
  }

  @Test
  void versionWithAnAgentWhoseEngineIsDownSaysWhatToDo() throws Exception {
    Path socket = dir.resolve("no-engine.sock");
    String addr = "http://127.0.0.1:" + freePort();
    Path state = dir.resolve("state");
    // An agent started by hand (it answers its API without an engine: AgentProcess would wait for it to be ready).
    ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.jar().toString(), "agent", "--listen", addr.substring("http://".length()), "--state-dir",
        state.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
    pb.environment().put("DOCKER_HOST", "unix://" + socket);
    Process agent = pb.start();
    try {
      OrchClient client = new OrchClient(URI.create(addr), null, Duration.ofSeconds(5));
      await("agent answers").atMost(Duration.ofSeconds(60)).until(client::healthy);

      Run version = orch(Map.of(), "version", "--addr", addr, "--state-dir", state.toString());

      assertThat(version.out()).contains("Docker Engine: not answering").doesNotContain("null");
      assertThat(version.err()).contains("unix://" + socket + " (from DOCKER_HOST)")
          .contains("point DOCKER_HOST at a running engine");
      assertThat(version.exit()).isEqualTo(1); // as `docker version` without a daemon
    } finally {
      agent.destroy();
      if (!agent.waitFor(15, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
    }
  }

  private static Run orch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.cliJar().toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("orch-out", ".txt");
    Path err = Files.createTempFile("orch-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("orch " + String.join(" ", args) + " did not finish");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
