package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestDocker;
import io.orch.agent.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A Compose project as its users keep it, run with the `orch` jar from inside its folder: compose.yaml found without
 * -f, compose.override.yaml merged onto it, a service included from another folder, a service extending one of
 * another file (its env_file read from that file's folder). Then `orch down -p OTHER` in that folder must leave the
 * folder's stack alone.
 */
class ComposeFilesIT {
  private static Path stateDir;
  private static String addr;
  private static final List<Long> agentPids = new ArrayList<>();

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void setUp() throws IOException {
    TestImages.requireEngine();
    TestImages.tagAs(TestImages.busybox(), "busybox:1.36");
    stateDir = Files.createTempDirectory("orch-files-it");
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
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.cliJar().toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--addr", addr, "--state-dir", stateDir.toString()));
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

  private static List<Container> containers(String stack) {
    return TestDocker.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.orch.stack", stack)).exec();
  }

  private static List<String> env(Container c) {
    return Arrays.asList(TestDocker.client().inspectContainerCmd(c.getId()).exec().getConfig().getEnv());
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void upRunsTheMergedIncludedAndExtendedProjectAndDownDashPLeavesTheFoldersStackAlone() throws Exception {
    String name = "files" + UUID.randomUUID().toString().substring(0, 8);
    Path root = Files.createTempDirectory("orch-project");
    Path app = root.resolve("app");
    write(root.resolve("common/services.yaml"), """
        services:
          sleeper:
            image: busybox:1.36
            command: ["sleep", "3600"]
            init: true
            stop_grace_period: 1s
            env_file: sleeper.env
        """);
    write(root.resolve("common/sleeper.env"), "FROM_COMMON_ENV_FILE=yes\n");
    write(root.resolve("lib/compose.yaml"), """
        services:
          helper:
            extends: {file: ../common/services.yaml, service: sleeper}
            environment: [ROLE=helper]
        """);
    write(app.resolve("compose.yaml"), """
        name: %s
        include: [../lib/compose.yaml]
        services:
          web:
            extends: {file: ../common/services.yaml, service: sleeper}
            environment: {ROLE: web, LEVEL: base}
        """.formatted(name));
    write(app.resolve("compose.override.yaml"), """
        services:
          web:
            environment: {LEVEL: override}
            deploy: {replicas: 2}
        """);
    try {
      Run up = orchIn(app, "up", "--timeout", "3m");
      assertThat(up.exit()).as(up.out() + up.err()).isZero();

      List<Container> web = containers(name).stream()
          .filter(c -> "web".equals(c.getLabels().get("io.orch.service"))).toList();
      assertThat(web).hasSize(2);
      assertThat(env(web.get(0))).contains("ROLE=web", "LEVEL=override", "FROM_COMMON_ENV_FILE=yes");
      List<Container> helper = containers(name).stream()
          .filter(c -> "helper".equals(c.getLabels().get("io.orch.service"))).toList();
      assertThat(helper).hasSize(1);
      assertThat(env(helper.get(0))).contains("ROLE=helper", "FROM_COMMON_ENV_FILE=yes");

      // -p names another stack: the folder's compose.yaml must not be what `down` acts on.
      Run downOther = orchIn(app, "down", "-p", name + "-other");
      assertThat(downOther.out() + downOther.err()).contains(name + "-other").doesNotContain("removing stack " + name
          + " ");
      assertThat(containers(name)).hasSize(3);
    } finally {
      Run down = orchIn(app, "down");
      assertThat(down.exit()).as(down.out() + down.err()).isZero();
    }
    assertThat(containers(name)).isEmpty();
  }
}
