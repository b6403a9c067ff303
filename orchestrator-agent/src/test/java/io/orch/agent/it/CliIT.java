package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestDocker;
import io.orch.agent.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The `orch` CLI as a user runs it, from the shaded jar: `up` starts an agent in the background when none answers,
 * shows progress and ends converged; `down` removes; bad input exits 2 and names the place.
 */
class CliIT {
  private static Path stateDir;
  private static String addr;
  private static final List<Long> agentPids = new ArrayList<>();

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() throws IOException {
    TestImages.requireEngine();
    TestImages.tagAs(TestImages.busybox(), "busybox:1.36");
    stateDir = Files.createTempDirectory("orch-cli-it");
    try (ServerSocket s = new ServerSocket(0)) {
      addr = "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @AfterAll
  static void stopAgents() {
    for (long pid : agentPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  private static Run orch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.cliJar().toString()));
    cmd.addAll(List.of(args));
    if (!List.of("config", "lint", "convert").contains(args[0])) {
      cmd.addAll(List.of("--addr", addr, "--state-dir", stateDir.toString()));
    }
    Path out = Files.createTempFile("orch-out", ".txt");
    Path err = Files.createTempFile("orch-err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("orch " + String.join(" ", args) + " did not finish");
    }
    Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Matcher m = Pattern.compile("\\(pid (\\d+)\\)").matcher(run.out());
    while (m.find()) {
      agentPids.add(Long.parseLong(m.group(1)));
    }
    return run;
  }

  private static Path exampleHello() {
    Path p = Path.of("..", "examples", "hello", "stack.yml");
    assertThat(p).as("examples/hello/stack.yml in the repository").exists();
    return p;
  }

  @Test
  void upStartsAnAgentShowsProgressAndEndsWithThreeHealthyReplicas() throws Exception {
    try {
      Run up = orch("up", "-f", exampleHello().toString(), "--timeout", "3m");
      assertThat(up.exit()).as(up.out() + up.err()).isZero();
      assertThat(up.out()).contains("started an orch agent in the background")
          .contains("web").contains("stack hello is up").contains("web 3/3 healthy");
      // The README's promise: `curl localhost:8080` is answered by each of the three replicas (orch's ingress).
      java.util.Set<String> pages = new java.util.TreeSet<>();
      for (int i = 0; i < 9; i++) {
        pages.add(IngressIT.get(8080).replica());
      }
      assertThat(pages).as("pages served on localhost:8080").hasSize(3)
          .allSatisfy(page -> assertThat(page).startsWith("hello from "));

      Run again = orch("up", "-f", exampleHello().toString());
      assertThat(again.exit()).isZero();
      assertThat(again.out()).contains("stack hello is up to date: nothing to change");

      Run ps = orch("ps", "-p", "hello");
      assertThat(ps.exit()).isZero();
      assertThat(ps.out()).contains("hello-web-1").contains("hello-web-2").contains("hello-web-3")
          .contains("healthy");
    } finally {
      Run down = orch("down", "-p", "hello");
      assertThat(down.exit()).as(down.out() + down.err()).isZero();
      assertThat(down.out()).contains("removed stack hello");
    }
    assertThat(TestDocker.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.orch.stack", "hello")).exec()).isEmpty();
  }

  @Test
  void aBadStackFileExitsTwoNamingFileLineAndKeyAndChangesNothing() throws Exception {
    Path dir = Files.createTempDirectory("orch-bad");
    Path file = dir.resolve("stack.yml");
    Files.writeString(file, """
        name: badstack
        services:
          web:
            image: busybox:1.36
            deploy:
              replicas: -2
        """);
    Run run = orch("up", "-f", file.toString(), "--no-wait");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(file.toString() + ":6:").contains("services.web.deploy.replicas")
        .contains("nothing was changed");
    assertThat(TestDocker.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.orch.stack", "badstack")).exec()).isEmpty();
  }

  @Test
  void configPrintsTheNormalizedModel() throws Exception {
    Run run = orch("config", "-f", exampleHello().toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("name: hello").contains("replicas: 3");
  }
}
