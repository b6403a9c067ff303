package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.orch.agent.testing.AgentProcess;
import io.orch.api.client.OrchClientException;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.StackSummaryDto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The state dir holds secrets and the desired state: private on disk, and a broken file is shown, not acted on. */
class StateDirIT extends AgentItBase {
  private static final String APP = """
      services:
        app:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          environment:
            DB_PASSWORD: hunter2-secret
      """;

  @Test
  void everyFileInTheStateDirIsOnlyTheOwnersAndALooserModeIsFixedAtStartWithAWarning() throws Exception {
    submit(APP);
    awaitConverged(Duration.ofSeconds(60));
    Path stackFile = agent.stateDir().resolve("stacks/" + stack + ".json");
    assertThat(stackFile).content().contains("hunter2-secret"); // what the modes protect
    assertThat(modes(agent.stateDir())).allSatisfy((path, mode) ->
        assertThat(mode).as(path).isEqualTo(Files.isDirectory(Path.of(path)) ? "rwx------" : "rw-------"));

    agent.stop();
    Files.setPosixFilePermissions(agent.stateDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(stackFile, PosixFilePermissions.fromString("rw-r--r--"));
    int logMark = agent.logText().length();
    agent.restart();

    assertThat(modes(agent.stateDir())).allSatisfy((path, mode) ->
        assertThat(mode).as(path).isEqualTo(Files.isDirectory(Path.of(path)) ? "rwx------" : "rw-------"));
    assertThat(agent.logText().substring(logMark))
        .contains("now private: " + agent.stateDir().toRealPath() + " rwxr-xr-x -> rwx------")
        .contains("now private: " + stackFile.toRealPath() + " rw-r--r-- -> rw-------");
  }

  @Test
  void aTruncatedStackFileShowsWithItsErrorAndItsContainersAreLeftAlone() throws Exception {
    submit(APP);
    awaitConverged(Duration.ofSeconds(60));
    InspectContainerResponse before = docker.inspectContainerCmd(name(containers("app").get(0))).exec();

    agent.stop();
    Path stackFile = agent.stateDir().resolve("stacks/" + stack + ".json");
    String text = Files.readString(stackFile);
    Files.writeString(stackFile, text.substring(0, text.length() / 2));
    agent.restart();

    // Seen by a reconcile pass (its one service is on the board), and reported with the file and the cause.
    StackSummaryDto summary = await("stack " + stack + " reported unreadable").atMost(Duration.ofSeconds(60))
        .until(() -> client().stacks().stream().filter(s -> s.name().equals(stack)).findFirst().orElse(null),
            s -> s != null && s.services() == 1);
    assertThat(summary.status()).isEqualTo(StackSummaryDto.Status.UNREADABLE);
    assertThat(summary.error()).startsWith("the stored file " + stackFile + " not a valid stack file at line ")
        .endsWith("its containers are left alone: submit the stack again to replace the file");
    StackDto detail = client().stack(stack).orElseThrow();
    assertThat(detail.error()).isEqualTo(summary.error());
    assertThat(unreadableEvent().message()).startsWith(stackFile + " not a valid stack file at line ");

    assertThatThrownBy(() -> client().delete(stack, true))
        .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.status()).isEqualTo(409));
    InspectContainerResponse after = docker.inspectContainerCmd(before.getId()).exec();
    assertThat(after.getState().getRunning()).isTrue();
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    assertThat(stackFile).hasContent(text.substring(0, text.length() / 2)); // kept for a person to look at

    // A new submit replaces the broken file and adopts the same container.
    submit(APP);
    awaitConverged(Duration.ofSeconds(60));
    assertThat(client().stack(stack).orElseThrow().error()).isNull();
    assertThat(containers("app")).extracting(c -> c.getId()).containsExactly(before.getId());
    assertThat(new ObjectMapper().readTree(stackFile.toFile()).get("stack").asText())
        .startsWith("name: " + stack + "\n");
  }

  /**
   * An agent upgraded over a state dir of the first format (the model records as Jackson JSON, as main wrote them up
   * to fdba642) reads it, writes it again as Compose text, and replaces no container: every spec hash is what it was,
   * a file secret's too although the file changed meanwhile.
   */
  @Test
  void aStackStoredInTheFirstFormatIsUpgradedAtStartAndReplacesNoContainer() throws Exception {
    Path secret = Files.createTempDirectory("orch-it-upgrade").resolve("pw.txt");
    Files.writeString(secret, "first");
    submit(APP + "    secrets: [pw]\n    deploy: {replicas: 2}\nsecrets:\n  pw:\n    file: " + secret + "\n");
    awaitConverged(Duration.ofSeconds(60));
    client().scale(stack, "app", 3);
    awaitConverged(Duration.ofSeconds(60));
    Map<String, String> before = startedAtById();
    assertThat(before).hasSize(3);

    agent.stop();
    Path stackFile = agent.stateDir().resolve("stacks/" + stack + ".json");
    io.orch.agent.state.StoredStack stored = new io.orch.agent.state.StateStore(agent.stateDir()).get(stack)
        .orElseThrow();
    // Exactly how fdba642's StateStore wrote a stack: its record, mapped by Jackson.
    com.fasterxml.jackson.databind.ObjectMapper firstFormat = com.fasterxml.jackson.databind.json.JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
        .build();
    Files.write(stackFile, firstFormat.writeValueAsBytes(stored));
    assertThat(new ObjectMapper().readTree(stackFile.toFile()).get("stack").isObject()).isTrue();
    Files.writeString(secret, "changed while the agent was down");
    agent.restart();

    await("the stack file in the current format").atMost(Duration.ofSeconds(60))
        .until(() -> new ObjectMapper().readTree(stackFile.toFile()).path("format").asInt() == 2);
    awaitConverged(Duration.ofSeconds(60));
    assertThat(client().stack(stack).orElseThrow().error()).isNull();
    assertThat(service("app").desired()).isEqualTo(3);
    assertThat(startedAtById()).isEqualTo(before);
    String text = new ObjectMapper().readTree(stackFile.toFile()).get("stack").asText();
    assertThat(io.orch.core.load.StackLoader.readStored(text, "stack", stack).stack()).isEqualTo(stored.stack());
  }

  /** Each container of the stack by id, with when it started: equal maps mean none was replaced or restarted. */
  private Map<String, String> startedAtById() {
    Map<String, String> out = new TreeMap<>();
    containers().forEach(c -> out.put(c.getId(),
        docker.inspectContainerCmd(c.getId()).exec().getState().getStartedAt()));
    return out;
  }

  @Test
  void aTokenFileOthersCanReadStopsTheAgentFromStarting() throws Exception {
    Path state = Files.createTempDirectory("orch-it-token");
    Path token = Files.writeString(state.resolve("token"), "ab".repeat(32) + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    Process p = new ProcessBuilder(agent.cli("agent", "--listen", "127.0.0.1:0", "--state-dir", state.toString()))
        .redirectErrorStream(true).start();
    String output;
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("agent exits").isTrue();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("orch: refusing the API token " + token + ": its mode rw-r--r--")
        .contains("Run `chmod 600 " + token + "`");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-r--r--");
  }

  private EventDto unreadableEvent() throws Exception {
    AtomicReference<EventDto> found = new AtomicReference<>();
    CompletableFuture.runAsync(() -> client().streamEvents(0, stack, null, "stack.unreadable", e -> {
      found.set(e);
      return false;
    })).get(60, TimeUnit.SECONDS);
    return found.get();
  }

  /** Path -> mode of the dir and everything in it, links aside. */
  private static Map<String, String> modes(Path dir) throws IOException {
    Map<String, String> modes = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        modes.put(p.toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    assertThat(modes).hasSizeGreaterThanOrEqualTo(4); // the dir, token, stacks/, the stack file
    return modes;
  }
}
