package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestDocker;
import io.orch.agent.testing.TestImages;
import io.orch.api.client.OrchClient;
import io.orch.api.dto.StackDto;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 items 1 and 8, through the `orch` jar in a project folder against the real engine: `up --profile debug`
 * starts the profiled service and the agent stores the selection; a later `up` without it (and with
 * --remove-orphans) keeps that service running as docker compose does; COMPOSE_PROFILES, COMPOSE_PROJECT_NAME,
 * COMPOSE_FILE and `-p` before the verb; and docker-compose v1.29 (Debian's `docker-compose` package) works on the
 * project orch created instead of failing with AttributeError on its labels.
 */
class ComposeProfilesIT {
  private static Path stateDir;
  private static String addr;
  private static final List<Long> agentPids = new ArrayList<>();

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeAll
  static void setUp() throws IOException {
    TestImages.requireEngine();
    stateDir = Files.createTempDirectory("orch-profiles-it");
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

  private static Run orchIn(Path folder, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.cliJar().toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--addr", addr, "--state-dir", stateDir.toString()));
    return run(folder, env, cmd, "orch");
  }

  private static Run run(Path folder, Map<String, String> env, List<String> cmd, String what) throws Exception {
    Path out = Files.createTempFile("orch-out", ".txt");
    Path err = Files.createTempFile("orch-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(what + " " + String.join(" ", cmd) + " did not finish");
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

  private static OrchClient client() {
    // Reads need no token on loopback.
    return new OrchClient(URI.create(addr), null, Duration.ofSeconds(30));
  }

  private static String service(String name, String image, String extra) {
    return """
          %s:
            image: %s
            command: ["sh", "-c", "exec sleep 3600"]
            init: true
            stop_grace_period: 1s
        %s""".formatted(name, image, extra);
  }

  @Test
  void profilesReachTheAgentAndALaterUpWithoutThemKeepsWhatComposeKeeps() throws Exception {
    String name = "crprof" + UUID.randomUUID().toString().substring(0, 8);
    String image = TestImages.busybox();
    Path folder = Files.createTempDirectory("orch-profiles");
    Files.writeString(folder.resolve("compose.yaml"), "name: " + name + "\nservices:\n"
        + service("web", image, "") + service("debug", image, "    profiles: [debug]\n")
        + service("tools", image, "    profiles: [tools]\n"));
    try {
      Run up = orchIn(folder, Map.of(), "up", "--profile", "debug", "--timeout", "2m");
      assertThat(up.exit()).as(up.all()).isZero();
      assertThat(up.out()).contains("create " + name + "-debug-1").doesNotContain("tools");
      assertThat(running(name, "web")).hasSize(1);
      assertThat(running(name, "debug")).hasSize(1);
      assertThat(running(name, "tools")).isEmpty();
      assertThat(client().stack(name)).map(StackDto::profiles).contains(List.of("debug"));
      String debugId = running(name, "debug").get(0).getId();

      // As `docker compose up` without --profile: the debug service is not in the project, and no orphan either.
      Run again = orchIn(folder, Map.of(), "up", "--timeout", "2m");
      assertThat(again.exit()).as(again.all()).isZero();
      assertThat(again.all()).doesNotContain("kept").doesNotContain("remove " + name + "-debug-1");
      Run orphansRemoved = orchIn(folder, Map.of(), "up", "--remove-orphans", "--timeout", "2m");
      assertThat(orphansRemoved.exit()).as(orphansRemoved.all()).isZero();
      assertThat(running(name, "debug")).extracting(Container::getId).containsExactly(debugId);
      assertThat(client().stack(name)).map(StackDto::profiles).contains(List.of());

      // COMPOSE_PROFILES selects too (here the tools profile), and plan says what up would do.
      Run plan = orchIn(folder, Map.of("COMPOSE_PROFILES", "tools"), "plan");
      assertThat(plan.exit()).as(plan.all()).isZero();
      assertThat(plan.out()).contains("create " + name + "-tools-1");
      Run tools = orchIn(folder, Map.of("COMPOSE_PROFILES", "tools"), "up", "--timeout", "2m");
      assertThat(tools.exit()).as(tools.all()).isZero();
      assertThat(running(name, "tools")).hasSize(1);
      assertThat(running(name, "debug")).extracting(Container::getId).containsExactly(debugId);

      // -p before the verb, from a folder without the file; COMPOSE_PROJECT_NAME the same.
      Path elsewhere = Files.createTempDirectory("orch-elsewhere");
      Run ps = orchIn(elsewhere, Map.of(), "-p", name, "ps");
      assertThat(ps.exit()).as(ps.all()).isZero();
      assertThat(ps.out()).contains(name + "-web-1", name + "-debug-1", name + "-tools-1");
      Run psEnv = orchIn(elsewhere, Map.of("COMPOSE_PROJECT_NAME", name), "ps");
      assertThat(psEnv.out()).contains(name + "-web-1");

      // COMPOSE_FILE names the file from another folder.
      // config needs no agent: no agent options.
      Run config = run(elsewhere, Map.of("COMPOSE_FILE", folder.resolve("compose.yaml").toString()),
          List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
              AgentProcess.cliJar().toAbsolutePath().toString(), "config"), "orch");
      assertThat(config.exit()).as(config.all()).isZero();
      assertThat(config.out()).contains("name: " + name);
    } finally {
      orchIn(folder, Map.of(), "down");
    }
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(TestDocker.client().listContainersCmd()
        .withShowAll(true).withLabelFilter(Map.of("io.orch.stack", name)).exec()).isEmpty());
  }

  /**
   * docker-compose v1.29 reads com.docker.compose.version on each container of the project; without it `up` failed
   * with "AttributeError: 'ComposeVersion' object has no attribute 'version'". Needs Debian's docker-compose.
   */
  @Test
  void dockerComposeV1ReadsTheProjectOrchCreated() throws Exception {
    String name = "crv1" + UUID.randomUUID().toString().substring(0, 8);
    String image = TestImages.busybox();
    Path folder = Files.createTempDirectory("orch-v1");
    Files.writeString(folder.resolve("compose.yaml"), "name: " + name + "\nservices:\n" + service("web", image, ""));
    // The same service, in a file v1 reads (no top-level name:, a version it knows).
    Path v1 = Files.createTempDirectory("compose-v1");
    Files.writeString(v1.resolve("docker-compose.yml"), "version: \"3.8\"\nservices:\n  web:\n    image: " + image
        + "\n    command: [\"sh\", \"-c\", \"exec sleep 3600\"]\n    init: true\n    stop_grace_period: 1s\n");
    try {
      Run up = orchIn(folder, Map.of(), "up", "--timeout", "2m");
      assertThat(up.exit()).as(up.all()).isZero();
      String id = running(name, "web").get(0).getId();
      Run ps = run(v1, Map.of(), List.of("docker-compose", "-p", name, "ps"), "docker-compose");
      assertThat(ps.exit()).as(ps.all()).isZero();
      assertThat(ps.out()).contains(name + "-web-1");
      // `up` reads every container's version label (and, with --no-recreate, changes nothing of orch's).
      Run v1Up = run(v1, Map.of(), List.of("docker-compose", "-p", name, "up", "--no-start", "--no-recreate"),
          "docker-compose");
      assertThat(v1Up.all()).doesNotContain("AttributeError").doesNotContain("Traceback");
      assertThat(v1Up.exit()).as(v1Up.all()).isZero();
      assertThat(running(name, "web")).extracting(Container::getId).containsExactly(id);
    } finally {
      orchIn(folder, Map.of(), "down");
    }
  }
}
