package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import io.orch.agent.TokenFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 1: no name, however crafted, reaches an object orch does not own. Each test puts an unlabelled
 * container and network beside the agent (the victims), attacks them through the API as a client would (raw YAML and
 * JSON, bypassing the CLI) and checks that both are still there.
 */
class HostileNamesIT extends AgentItBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> labelledNetworks = new ArrayList<>();
  private String victim;
  private String victimNet;
  private String victimId;
  private String victimNetId;

  @BeforeEach
  void createVictims() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    victim = "victim-" + suffix;
    victimNet = "victimnet-" + suffix;
    // Created, not started: a DELETE that reached it would remove it without force.
    victimId = docker.createContainerCmd(image).withName(victim).withCmd("sleep", "3600").exec().getId();
    victimNetId = docker.createNetworkCmd().withName(victimNet).exec().getId();
  }

  @AfterEach
  void removeVictims() {
    labelledNetworks.forEach(id -> ignoringNotFound(() -> docker.removeNetworkCmd(id).exec()));
    ignoringNotFound(() -> docker.removeContainerCmd(victimId).withForce(true).exec());
    ignoringNotFound(() -> docker.removeNetworkCmd(victimNetId).exec());
  }

  @Test
  void craftedNetworkAndVolumeNamesAreRefusedAsYamlAndJsonAndTheVictimsStay() throws Exception {
    String yaml = """
        services:
          web: {image: IMAGE, networks: [x/../VNET, y/../../containers/VICTIM]}
        networks: {"x/../VNET": {}, "y/../../containers/VICTIM": {}}
        volumes: {"../../containers/VICTIM": {}}
        """.replace("IMAGE", image).replace("VNET", victimNet).replace("VICTIM", victim);
    String json = JSON.writeValueAsString(Map.of(
        "services", Map.of("web", Map.of("image", image, "networks", List.of("x/../" + victimNet))),
        "networks", Map.of("x/../" + victimNet, Map.of(), "y/../../containers/" + victim, Map.of())));
    String external = """
        services:
          web: {image: IMAGE, networks: [front]}
        networks:
          front: {external: true, name: "../../containers/VICTIM"}
        """.replace("IMAGE", image).replace("VICTIM", victim);

    for (String[] body : List.of(new String[] {"application/yaml", yaml}, new String[] {"application/json", json},
        new String[] {"application/yaml", external})) {
      for (String query : List.of("?dryRun=true", "")) {
        HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack + query, body[0], body[1]);
        assertThat(res.statusCode()).as(body[0] + query + ": " + res.body()).isEqualTo(422);
        List<JsonNode> refusals = new ArrayList<>();
        JSON.readTree(res.body()).at("/error/details").forEach(d -> {
          if (d.path("message").asText().matches("invalid (network |volume )?name .*")) {
            refusals.add(d);
          }
        });
        assertThat(refusals).as(res.body()).isNotEmpty()
            .allSatisfy(d -> assertThat(d.get("line").asInt()).as("located: " + d).isPositive());
      }
    }
    assertThat(call("DELETE", "/v1/stacks/" + stack, null, null).statusCode()).isEqualTo(404);
    assertThat(client().stack(stack)).isEmpty();
    assertVictimsUntouched();
  }

  /**
   * Defence in depth: a network carrying this stack's labels under a crafted name (made behind orch's back; the loader
   * never creates one) is removed by its id on delete, and the name never walks the engine's URL to the victims.
   */
  @Test
  void labelledObjectsWithCraftedNamesAreRemovedByIdNotByName() {
    Map<String, String> labels = Map.of("io.orch.managed", "true", "io.orch.stack", stack);
    String toNetwork = stack + "_x/../" + victimNet;
    String toContainer = stack + "_y/../../containers/" + victim;
    for (String name : List.of(toNetwork, toContainer)) {
      labelledNetworks.add(docker.createNetworkCmd().withName(name).withLabels(labels).exec().getId());
    }
    submit("services: {web: {image: IMAGE, command: [sleep, \"3600\"]}}");
    awaitConverged(Duration.ofSeconds(60));

    client().delete(stack, true);
    await("stack " + stack + " removed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> client().stack(stack).isEmpty());

    assertVictimsUntouched();
    for (String id : labelledNetworks) {
      assertThat(exists(() -> docker.inspectNetworkCmd().withNetworkId(id).exec())).as("crafted network " + id)
          .isFalse();
    }
  }

  @Test
  void aStackNameTooLongForTheStateDirIs422AndANulInAnImageIs400() throws Exception {
    String longName = "a".repeat(300);
    HttpResponse<String> tooLong = call("PUT", "/v1/stacks/" + longName, "application/yaml",
        "services: {web: {image: " + image + "}}");
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(422);
    assertThat(JSON.readTree(tooLong.body()).at("/error/details/0").asText()).isEqualTo("stack");
    assertThat(call("GET", "/v1/stacks/" + longName, null, null).statusCode()).isEqualTo(422);

    String nulInJson = "{\"services\": {\"web\": {\"image\": \"busybox\\u0000:1.36\"}}}";
    String nulInYaml = "services: {web: {image: \"busybox\\0:1.36\"}}";
    for (String[] body : List.of(new String[] {"application/json", nulInJson},
        new String[] {"application/yaml", nulInYaml})) {
      HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack + "?dryRun=true", body[0], body[1]);
      assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
      JsonNode detail = JSON.readTree(res.body()).at("/error/details/0");
      assertThat(detail.get("path").asText()).isEqualTo("services.web.image");
      assertThat(detail.get("message").asText()).contains("control character U+0000");
    }
    try (var files = Files.list(agent.stateDir().resolve("stacks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(longName));
    }
    assertThat(client().stack(stack)).isEmpty();
  }

  @Test
  void theCliRefusesTheTraversalStackWithALocatedErrorAndExit2(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("stack.yml");
    Files.writeString(file, """
        name: NAME
        services:
          web: {image: IMAGE}
        networks: {"x/../VNET": {}}
        """.replace("NAME", stack).replace("IMAGE", image).replace("VNET", victimNet));
    for (String command : List.of("config", "up")) {
      List<String> cmd = new ArrayList<>(agent.cli(command, "-f", file.toString()));
      if (command.equals("up")) {
        cmd.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      assertThat(p.exitValue()).as(command + ": " + out).isEqualTo(2);
      assertThat(out).contains("stack.yml:4:12: error: networks.x/../" + victimNet + ": invalid network name");
    }
    assertThat(client().stack(stack)).isEmpty();
    assertVictimsUntouched();
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  private void assertVictimsUntouched() {
    assertThat(docker.inspectContainerCmd(victimId).exec().getName()).isEqualTo("/" + victim);
    assertThat(docker.inspectNetworkCmd().withNetworkId(victimNetId).exec().getName()).isEqualTo(victimNet);
  }

  private HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(agent.addr() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TokenFile.read(agent.stateDir()).orElseThrow())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean exists(Runnable inspect) {
    try {
      inspect.run();
      return true;
    } catch (NotFoundException gone) {
      return false;
    }
  }

  private static void ignoringNotFound(Runnable removal) {
    try {
      removal.run();
    } catch (NotFoundException alreadyGone) {
      // removed by the test itself
    }
  }
}
