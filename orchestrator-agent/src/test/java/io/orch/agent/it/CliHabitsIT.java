package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestDocker;
import io.orch.agent.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Compose habits, through the `orch` jar in a project folder: {@code up -d} returns without waiting, {@code logs}
 * without a service shows every service's lines with their prefixes, a file that drops a service keeps it running
 * (and says so) until {@code --remove-orphans}, and {@code down --volumes} after a plain {@code down} removes the
 * volumes that one kept.
 */
class CliHabitsIT {
  private static Path stateDir;
  private static String addr;
  private static final List<Long> agentPids = new ArrayList<>();

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() throws IOException {
    TestImages.requireEngine();
    stateDir = Files.createTempDirectory("orch-habits-it");
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

  private static Run orchIn(Path folder, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(args));
    cmd.addAll(List.of("--addr", addr, "--state-dir", stateDir.toString()));
    return run(folder, cmd);
  }

  /** A command that talks to the engine only (pull, build): it takes no agent options. */
  private static Run run(Path folder, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.cliJar().toAbsolutePath().toString()));
    cmd.addAll(args);
    Path out = Files.createTempFile("orch-out", ".txt");
    Path err = Files.createTempFile("orch-err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(folder.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
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

  private static List<Container> running(String stack, String service) {
    return TestDocker.client().listContainersCmd()
        .withLabelFilter(Map.of("io.orch.stack", stack, "io.orch.service", service)).exec();
  }

  private static List<Container> all(String stack) {
    return TestDocker.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.orch.stack", stack)).exec();
  }

  private static long volumes(String stack) {
    var list = TestDocker.client().listVolumesCmd().withFilter("label", List.of("io.orch.stack=" + stack)).exec()
        .getVolumes();
    return list == null ? 0 : list.size();
  }

  private static String service(String name, String image) {
    return """
          %s:
            image: %s
            command: ["sh", "-c", "echo hello-from-%s; exec sleep 3600"]
            init: true
            stop_grace_period: 1s
            volumes: ["data:/data"]
        """.formatted(name, image, name);
  }

  @Test
  void pullSkipsBuildServicesAndAFailedPullIsAClearErrorNotATrace() throws Exception {
    Path folder = Files.createTempDirectory("orch-pull");
    Files.writeString(folder.resolve("compose.yaml"), """
        name: pulltest
        services:
          built: {build: .}
          web: {image: "127.0.0.1:1/nothing-here:1"}
        """);
    Run pull = run(folder, List.of("pull"));
    assertThat(pull.exit()).as(pull.out() + pull.err()).isEqualTo(1);
    assertThat(pull.out()).contains("built: has build:, skipped", "web: pulling 127.0.0.1:1/nothing-here:1");
    assertThat(pull.err()).contains("web: pull of 127.0.0.1:1/nothing-here:1 failed", "could not pull")
        .doesNotContain("Exception");
  }

  @Test
  void upDashDOrphansLogsOfEveryServiceAndDownVolumesAfterDown() throws Exception {
    String name = "habits" + UUID.randomUUID().toString().substring(0, 8);
    String image = TestImages.busybox();
    Path folder = Files.createTempDirectory("orch-habits");
    Path compose = folder.resolve("compose.yaml");
    String both = "name: " + name + "\nservices:\n" + service("web", image) + service("worker", image)
        + "volumes:\n  data: {}\n";
    Files.writeString(compose, both);
    try {
      Run up = orchIn(folder, "up", "-d");
      assertThat(up.exit()).as(up.out() + up.err()).isZero();
      assertThat(up.out()).contains("submitted stack " + name).doesNotContain("stack " + name + " is up");
      await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
        assertThat(running(name, "web")).hasSize(1);
        assertThat(running(name, "worker")).hasSize(1);
      });

      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
        Run logs = orchIn(folder, "logs");
        assertThat(logs.exit()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("web-1 | hello-from-web", "worker-1 | hello-from-worker");
      });

      // worker leaves the file: kept running and named, as docker compose keeps orphans.
      Files.writeString(compose, "name: " + name + "\nservices:\n" + service("web", image) + "volumes:\n  data: {}\n");
      Run kept = orchIn(folder, "up", "--timeout", "2m");
      assertThat(kept.exit()).as(kept.out() + kept.err()).isZero();
      assertThat(kept.err()).contains("kept 1 service(s)", "worker", "--remove-orphans");
      assertThat(running(name, "worker")).hasSize(1);
      Run ps = orchIn(folder, "ps");
      assertThat(ps.out()).contains("worker");

      Run removed = orchIn(folder, "up", "--remove-orphans", "--timeout", "2m");
      assertThat(removed.exit()).as(removed.out() + removed.err()).isZero();
      assertThat(removed.err()).doesNotContain("kept");
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(all(name).stream()
          .filter(c -> "worker".equals(c.getLabels().get("io.orch.service")))).isEmpty());
      assertThat(running(name, "web")).hasSize(1);

      Run down = orchIn(folder, "down");
      assertThat(down.exit()).as(down.out() + down.err()).isZero();
      assertThat(all(name)).isEmpty();
      assertThat(volumes(name)).isEqualTo(1);

      // The stack is gone from the agent; its kept volume is still removable by name, from any folder.
      Run downVolumes = orchIn(Files.createTempDirectory("elsewhere"), "down", "-p", name, "--volumes");
      assertThat(downVolumes.exit()).as(downVolumes.out() + downVolumes.err()).isZero();
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(volumes(name)).isZero());
    } finally {
      orchIn(folder, "down", "--volumes");
    }
  }
}
