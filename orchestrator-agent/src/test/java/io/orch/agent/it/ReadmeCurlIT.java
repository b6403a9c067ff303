package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestDocker;
import io.orch.agent.testing.TestImages;
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

/**
 * The README's curl examples work as written against {@code ./orch up -f examples/hello/stack.yml}: every command of
 * the block under {@code ## curl} runs in order, in bash, from the repository root, and must exit 0 with a 2xx status.
 * It runs against a dedicated agent (own state dir and port: {@code localhost:7070} and {@code ~/.orch/token} are
 * rewritten to it), and refuses to start when containers of a stack named {@code hello} already exist, since the
 * examples use that fixed name.
 */
class ReadmeCurlIT {
  private static final Pattern STATUS = Pattern.compile("ORCH_HTTP_STATUS=(\\d{3})");

  @Test
  void everyCurlExampleOfTheReadmeSucceeds() throws Exception {
    TestImages.requireEngine();
    DockerClient docker = TestDocker.client();
    List<Container> existing = helloContainers(docker);
    assertThat(existing)
        .as("containers of a stack named hello already exist (%s); the README examples use that name, so this "
            + "test cannot run beside them: remove them with `./orch down -p hello`, then rerun",
            existing.stream().map(c -> c.getNames()[0]).toList())
        .isEmpty();
    if (docker.listImagesCmd().withImageNameFilter("busybox:1.36").exec().isEmpty()) {
      TestImages.tagAs(TestImages.busybox(), "busybox:1.36");
    }
    Path root = repositoryRoot();
    List<String> commands = curlCommands(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
    assertThat(commands).as("curl commands in README.md's curl section").hasSizeGreaterThanOrEqualTo(10);

    try (AgentProcess agent = AgentProcess.start()) {
      try {
        Process up = new ProcessBuilder(agent.cli("up", "-f", "examples/hello/stack.yml", "--addr", agent.addr(),
            "--state-dir", agent.stateDir().toString(), "--timeout", "2m"))
            .directory(root.toFile()).redirectErrorStream(true).start();
        String upOut = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(up.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(up.exitValue()).as("./orch up -f examples/hello/stack.yml:\n" + upOut).isZero();

        List<String> assignments = new ArrayList<>();
        for (String command : commands) {
          String rewritten = command
              .replace("localhost:7070", agent.addr().replace("http://", ""))
              .replace("~/.orch/token", agent.stateDir().resolve("token").toString());
          if (rewritten.matches("^[A-Z_]+=.*")) {
            assignments.add(rewritten);
            continue;
          }
          String script = "set -euo pipefail\n" + String.join("\n", assignments) + "\n"
              + rewritten.replace("curl ", "curl -w '\\nORCH_HTTP_STATUS=%{http_code}\\n' ");
          ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(root.toFile())
              .redirectErrorStream(true);
          pb.environment().put("ORCH_STATE_DIR", agent.stateDir().toString()); // where the README reads the token
          Process p = pb.start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
          assertThat(p.exitValue()).as(command + "\n" + out).isZero();
          Matcher status = STATUS.matcher(out);
          assertThat(status.find()).as(command + "\n" + out).isTrue();
          assertThat(Integer.parseInt(status.group(1))).as(command + "\n" + out).isBetween(200, 299);
        }
        // The last example removes the stack: the agent finishes the job.
        await("hello removed").atMost(Duration.ofSeconds(90))
            .until(() -> helloContainers(docker).isEmpty() && agent.client().stack("hello").isEmpty());
      } finally {
        cleanUp(agent);
        TestImages.removeByLabel("io.orch.stack", "hello");
      }
    }
  }

  /** The commands of the first {@code sh} block after {@code ## curl}: comments skipped, continuations joined. */
  static List<String> curlCommands(String readme) {
    int section = readme.indexOf("\n## curl");
    assertThat(section).as("README.md has a '## curl' section").isNotNegative();
    int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
    int end = readme.indexOf("```", start);
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : readme.substring(start, end).split("\n")) {
      String trimmed = line.strip();
      if (current.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      commands.add(current.toString());
      current.setLength(0);
    }
    return commands;
  }

  private static void cleanUp(AgentProcess agent) {
    try {
      if (agent.client().stack("hello").isPresent()) {
        agent.client().delete("hello", true);
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.client().stack("hello").isEmpty());
      }
    } catch (RuntimeException e) {
      System.err.println("clean-up through the agent failed: " + e.getMessage());
    }
  }

  private static List<Container> helloContainers(DockerClient docker) {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.orch.stack", "hello")).exec();
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("README.md"))
        && Files.isDirectory(dir.resolve("examples/hello")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a folder holding README.md and examples/hello above " + Path.of("").toAbsolutePath())
        .isNotNull();
    return dir;
  }
}
