package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.load.StackWriter;
import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.rollout.RolloutPhase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack file's one form (Compose text in a bookkeeping envelope), and the upgrade from the first format. */
class StackFileTest {
  private static final String FIXTURE = "/io/orch/agent/state/v1/";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String resource(String name) throws Exception {
    try (InputStream in = StackFileTest.class.getResourceAsStream(FIXTURE + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What the agent at fdba642 made of v1/legacy.yaml: the CLI's load, sent, loaded again by the agent. */
  private static Stack legacyStackAsSubmitted() throws Exception {
    LoadResult cli = new StackLoader(Map.of("SECRET_TOKEN", "s3cret"))
        .loadText(resource("legacy.yaml"), "legacy.yaml", null, "legacy", Set.of("debug"));
    assertThat(cli.errors()).isEmpty();
    Stack agent = StackLoader.forSubmissions(Map.of(), ReplicaLimit.DEFAULT)
        .loadText(StackWriter.toSubmission(cli.stack()), "request body", null, "legacy", Set.of("debug")).stack();
    // The secret file held "hunter2\n" when the fixture was written; it is gone now, its digest is not.
    ServiceSpec web = agent.service("web");
    List<FileMount> secrets = web.secrets().stream().map(m -> m.source().equals("pw")
        ? new FileMount(m.kind(), m.source(), m.target(), m.uid(), m.gid(), m.mode(), FileSource.ofFile(
            m.from().file(), FileSource.sha256("hunter2\n".getBytes(StandardCharsets.UTF_8))))
        : m).toList();
    Map<String, ServiceSpec> services = new java.util.TreeMap<>(agent.services());
    services.put("web", web.toBuilder().secrets(secrets).build());
    return new Stack(agent.name(), services, agent.networks(), agent.volumes());
  }

  private Path stateDirWithLegacyFile() throws Exception {
    Path stacks = dir.resolve("stacks");
    Files.createDirectories(stacks);
    Files.writeString(stacks.resolve("legacy.json"), resource("stacks/legacy.json"));
    return stacks.resolve("legacy.json");
  }

  @Test
  void aStackFileWrittenByTheFirstFormatLoadsWhole() throws Exception {
    stateDirWithLegacyFile();
    Stack expected = legacyStackAsSubmitted();

    StoredStack s = new StateStore(dir).get("legacy").orElseThrow();

    assertThat(s.stack()).isEqualTo(expected);
    assertThat(s.generation()).isEqualTo(3);
    assertThat(s.submittedAt()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
    assertThat(s.profiles()).containsExactly("debug");
    assertThat(s.restartGenerations()).isEqualTo(Map.of("db", 1L));
    assertThat(s.rollouts().get("web").phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(s.rollouts().get("web").reason()).isEqualTo("1 of 2 replicas failed");
    assertThat(s.previousSpecs()).containsOnlyKeys("web");
    assertThat(s.previousSpecs().get("web"))
        .isEqualTo(expected.service("web").withCommand(List.of("httpd", "-f", "-p", "80")));
  }

  @Test
  void aStackFileOfTheFirstFormatIsWrittenAgainInTheCurrentOneAndReadsTheSame() throws Exception {
    Path file = stateDirWithLegacyFile();
    StoredStack upgraded = new StateStore(dir).get("legacy").orElseThrow();

    JsonNode onDisk = JSON.readTree(Files.readString(file));
    assertThat(onDisk.get("format").asInt()).isEqualTo(StackFile.FORMAT);
    assertThat(onDisk.get("stack").isTextual()).as("the stack is Compose text").isTrue();
    assertThat(file).hasContent(new String(new StackFile().write(upgraded), StandardCharsets.UTF_8));
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(StateDir.FILE_MODE);

    StateStore reopened = new StateStore(dir);
    assertThat(reopened.get("legacy")).contains(upgraded);
    assertThat(reopened.unreadable()).isEmpty();
    // The spec hash of every replica is what it was: an upgrade replaces no container.
    assertThat(upgraded.desired()).isEqualTo(reopened.get("legacy").orElseThrow().desired());
  }

  @Test
  void theStoredStackIsTheComposeTextTheCliSends() throws Exception {
    Stack stack = legacyStackAsSubmitted();
    new StateStore(dir).put(new StoredStack(stack, 1, T0, false, false));

    JsonNode onDisk = JSON.readTree(Files.readString(dir.resolve("stacks/legacy.json")));
    String text = onDisk.get("stack").asText();

    assertThat(text).startsWith("name: legacy\nservices:\n");
    assertThat(StackLoader.readStored(text, "stack", "legacy").stack()).isEqualTo(stack);
    // Loaded as a submission too (curl's path): the same stack, except that a submission reads secret files anew.
    assertThat(text).isEqualTo(StackWriter.toStored(stack));
  }

  @Test
  void previousSpecsSurviveARestartAndRollBackEvenWhenTheyNameANetworkTheStackDropped() {
    ServiceSpec db = ServiceSpec.of("db", "busybox:1.36").withNetworks(Map.of("default", ServiceNetwork.PLAIN));
    ServiceSpec oldWeb = ServiceSpec.of("web", "busybox:1.36").withCommand(List.of("old"))
        .withNetworks(Map.of("legacy-net", ServiceNetwork.PLAIN));
    ServiceSpec newWeb = ServiceSpec.of("web", "busybox:1.36").withCommand(List.of("new"))
        .withNetworks(Map.of("default", ServiceNetwork.PLAIN));
    Stack v1 = new Stack("demo", Map.of("web", oldWeb, "db", db),
        Map.of("default", io.orch.core.model.NetworkSpec.bridge("default"),
            "legacy-net", io.orch.core.model.NetworkSpec.bridge("legacy-net")), Map.of());
    Stack v2 = new Stack("demo", Map.of("web", newWeb, "db", db),
        Map.of("default", io.orch.core.model.NetworkSpec.bridge("default")), Map.of());
    StoredStack s = new StoredStack(v1, 1, T0, false, false).withStack(v2, T0);
    assertThat(s.previousSpecs()).containsOnlyKeys("web");
    new StateStore(dir).put(s);

    StoredStack reread = new StateStore(dir).get("demo").orElseThrow();

    assertThat(reread).isEqualTo(s);
    assertThat(reread.rolledBack("web", T0).orElseThrow().stack().service("web").command())
        .containsExactly("old");
  }

  @Test
  void aStackTextThatNoLongerLoadsIsUnreadableAndSaysWhere() throws Exception {
    new StateStore(dir).put(new StoredStack(legacyStackAsSubmitted(), 1, T0, false, false));
    Path file = dir.resolve("stacks/legacy.json");
    ObjectNode tree = (ObjectNode) JSON.readTree(Files.readString(file));
    tree.put("stack", tree.get("stack").asText().replace("image: busybox:1.36", "image: [not, a, string]"));
    Files.writeString(file, JSON.writeValueAsString(tree));

    StateStore reopened = new StateStore(dir);

    assertThat(reopened.get("legacy")).isEmpty();
    UnreadableStack u = reopened.unreadable("legacy").orElseThrow();
    assertThat(u.file()).isEqualTo(file);
    assertThat(u.reason()).startsWith("its stack does not load: stack:").contains("image");
    // Kept as it was, for a person to look at.
    assertThat(file).hasContent(JSON.writeValueAsString(tree));
  }

  @Test
  void aFileOfANewerFormatIsUnreadableRatherThanMisread() throws Exception {
    new StateStore(dir).put(new StoredStack(legacyStackAsSubmitted(), 1, T0, false, false));
    Path file = dir.resolve("stacks/legacy.json");
    ObjectNode tree = (ObjectNode) JSON.readTree(Files.readString(file));
    tree.put("format", StackFile.FORMAT + 1);
    Files.writeString(file, JSON.writeValueAsString(tree));

    assertThat(new StateStore(dir).unreadable("legacy").orElseThrow().reason())
        .isEqualTo("written by a newer orch (format 3; this agent reads up to 2)");
  }

  @Test
  void theRemovalOfAStackThisAgentDoesNotHoldSurvivesARestart() {
    // What `orch down -p NAME` stores for labelled objects of a stack the agent has no file for: no services.
    StoredStack removal = new StoredStack(new Stack("gone", Map.of(), Map.of(), Map.of()), 1, T0, true, true);
    new StateStore(dir).put(removal);

    assertThat(new StateStore(dir).get("gone")).contains(removal);
  }
}
