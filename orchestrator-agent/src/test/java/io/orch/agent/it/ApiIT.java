package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import io.orch.agent.TokenFile;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.ManagedContainerDto;
import io.orch.api.dto.ServiceStatusDto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the HTTP API against a real agent and engine, over plain HTTP as curl would send it: the happy
 * path, and each error a script can meet, in the one JSON error shape.
 */
class ApiIT extends AgentItBase {
  private static final String WEB_AND_DB = """
      services:
        web:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          environment:
            GREETING: %s
          deploy:
            replicas: %d
            update_config: {parallelism: 1, delay: 0s, monitor: 1s}
        db:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
      """;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();

  private String stackFile(String greeting, int replicas) {
    return WEB_AND_DB.formatted(greeting, replicas).replace("IMAGE", image);
  }

  // --- happy paths ------------------------------------------------------------------------------------------------

  @Test
  void probesInfoAndTheOpenApiDocument() throws Exception {
    assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    submit(stackFile("hi", 1));
    awaitConverged(Duration.ofSeconds(60));

    InfoDto info = client().info();
    assertThat(info.version()).isNotBlank();
    assertThat(info.engineVersion()).isEqualTo(docker.versionCmd().exec().getVersion());
    assertThat(info.engineApiVersion()).isEqualTo(docker.versionCmd().exec().getApiVersion());
    assertThat(info.uptimeSeconds()).isNotNegative();
    assertThat(info.stacks()).isGreaterThanOrEqualTo(1);
    assertThat(info.containers()).isGreaterThanOrEqualTo(2);

    HttpResponse<String> doc = call("GET", "/v1/openapi.json", null, null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(json.readTree(doc.body()).at("/paths").has("/v1/containers")).isTrue();
  }

  @Test
  void dryRunReturnsThePlanAndChangesNothing() throws Exception {
    HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack + "?dryRun=true", "application/yaml",
        stackFile("hi", 2));

    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(res.body());
    assertThat(body.get("changed").asBoolean()).isTrue();
    assertThat(texts(body.get("actions"))).anyMatch(a -> a.startsWith("create " + stack + "-web-1"))
        .anyMatch(a -> a.startsWith("create " + stack + "-db-1"));
    assertThat(texts(body.get("plan"))).first().isEqualTo("step 1:");
    assertThat(texts(body.get("plan"))).contains("  create " + stack + "-web-2 (scale up)");
    assertThat(call("GET", "/v1/stacks/" + stack, null, null).statusCode()).isEqualTo(404);
    assertThat(agent.stateDir().resolve("stacks/" + stack + ".json")).doesNotExist();
    assertThat(containers()).isEmpty();
  }

  @Test
  void aDryRunShowsEveryStepOfARolloutWithTheChangedFields() throws Exception {
    submit(stackFile("v1", 2));
    awaitConverged(Duration.ofSeconds(60));

    HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack + "?dryRun=true", "application/yaml",
        stackFile("v2", 2));

    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(res.body());
    // parallelism 1, monitor 1s: the second replica goes once the first has run for 1s.
    assertThat(texts(body.get("plan"))).containsExactly(
        "step 1:",
        "  stop " + stack + "-web-1 (spec changed)",
        "  remove " + stack + "-web-1 (spec changed)",
        "  create " + stack + "-web-1 (spec changed: environment)",
        "step 2 (after 1s):",
        "  stop " + stack + "-web-2 (spec changed)",
        "  remove " + stack + "-web-2 (spec changed)",
        "  create " + stack + "-web-2 (spec changed: environment)");
    assertThat(texts(body.get("actions"))).hasSize(6).contains("create " + stack + "-web-2 (spec changed: environment)");
    assertThat(greetings("web")).isEqualTo(Set.of("GREETING=v1"));
  }

  @Test
  void submitReadScaleAndDeleteAStack() throws Exception {
    HttpResponse<String> put = call("PUT", "/v1/stacks/" + stack, "application/yaml", stackFile("hi", 2));
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(json.readTree(put.body()).get("changed").asBoolean()).isTrue();
    awaitConverged(Duration.ofSeconds(60));

    JsonNode list = json.readTree(call("GET", "/v1/stacks", null, null).body());
    JsonNode mine = find(list, "name", stack);
    assertThat(mine.get("desired").asInt()).isEqualTo(3);
    assertThat(mine.get("running").asInt()).isEqualTo(3);
    assertThat(mine.get("status").asText()).isEqualTo("running");

    JsonNode one = json.readTree(call("GET", "/v1/stacks/" + stack, null, null).body());
    assertThat(one.get("name").asText()).isEqualTo(stack);
    assertThat(one.get("services")).hasSize(2);

    JsonNode services = json.readTree(call("GET", "/v1/stacks/" + stack + "/services", null, null).body());
    assertThat(services).extracting(s -> s.get("service").asText()).containsExactly("db", "web");

    JsonNode web = json.readTree(call("GET", "/v1/stacks/" + stack + "/services/web", null, null).body());
    assertThat(web.get("desired").asInt()).isEqualTo(2);
    assertThat(web.get("running").asInt()).isEqualTo(2);
    assertThat(web.get("state").asText()).isEqualTo("running");
    assertThat(web.has("lastError")).isTrue();
    assertThat(web.has("backoffUntil")).isTrue();
    assertThat(web.get("rollout").isNull()).isTrue();

    HttpResponse<String> scale = call("POST", "/v1/stacks/" + stack + "/services/web/scale", "application/json",
        "{\"replicas\": 3}");
    assertThat(scale.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> containers("web").size() == 3);

    HttpResponse<String> delete = call("DELETE", "/v1/stacks/" + stack + "?volumes=true", null, null);
    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(json.readTree(delete.body()).get("status").asText()).isEqualTo("deleting");
    await().atMost(Duration.ofSeconds(60)).until(() -> containers().isEmpty()
        && call("GET", "/v1/stacks/" + stack, null, null).statusCode() == 404);
  }

  @Test
  void containersAreListedFromTheStatusBoardWithFilters() throws Exception {
    submit(stackFile("hi", 2));
    awaitConverged(Duration.ofSeconds(60));

    List<ManagedContainerDto> all = client().containers(stack, null);
    assertThat(all).extracting(ManagedContainerDto::name)
        .containsExactlyInAnyOrder(stack + "-db-1", stack + "-web-1", stack + "-web-2");
    assertThat(all).allSatisfy(c -> {
      assertThat(c.stack()).isEqualTo(stack);
      assertThat(c.state()).isEqualTo("running");
      assertThat(c.id()).hasSizeGreaterThanOrEqualTo(12);
      assertThat(c.startedAt()).isNotNull();
      assertThat(c.exitCode()).isNull();
      assertThat(c.oomKilled()).isFalse();
      assertThat(c.health()).isNull();
      assertThat(c.restarts()).isZero();
    });
    Set<String> engineIds = containers().stream().map(Container::getId).collect(Collectors.toSet());
    assertThat(all).extracting(ManagedContainerDto::id).allMatch(engineIds::contains);

    assertThat(client().containers(stack, "web")).extracting(ManagedContainerDto::slot).containsExactly(1, 2);
    assertThat(client().containers(stack, "db")).extracting(ManagedContainerDto::service).containsExactly("db");
    assertThat(client().containers(null, null)).extracting(ManagedContainerDto::name).contains(stack + "-db-1");
    assertThat(client().containers("nosuchstack" + stack, null)).isEmpty();
    assertThat(client().containers(stack, "nosuchservice")).isEmpty();
    HttpResponse<String> bad = call("GET", "/v1/containers?stack=..%2Fetc", null, null);
    assertError(bad, 422, "unprocessable");
  }

  @Test
  void restartReplacesEveryReplicaOneAtATimeAndAResubmitKeepsThem() throws Exception {
    submit(stackFile("hi", 3));
    awaitConverged(Duration.ofSeconds(60));
    Set<String> before = ids("web");
    String dbBefore = containers("db").get(0).getId();

    AtomicInteger fewestRunning = new AtomicInteger(3);
    AtomicBoolean sawRollout = new AtomicBoolean();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        int running = (int) containers("web").stream().filter(c -> "running".equals(c.getState())).count();
        fewestRunning.accumulateAndGet(running, Math::min);
        String rollout = client().service(stack, "web").map(ServiceStatusDto::rollout).orElse(null);
        if (rollout != null && rollout.startsWith("updating")) {
          sawRollout.set(true);
        }
      }
    });
    watcher.start();
    HttpResponse<String> res;
    try {
      res = call("POST", "/v1/stacks/" + stack + "/services/web/restart", null, null);
      await("every replica replaced").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            Set<String> now = ids("web");
            return now.size() == 3 && now.stream().noneMatch(before::contains)
                && service("web").state() == ServiceStatusDto.State.RUNNING;
          });
    } finally {
      watching.set(false);
      watcher.join();
    }

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(fewestRunning.get()).as("never more than one replica down at a time").isGreaterThanOrEqualTo(2);
    assertThat(sawRollout).as("the service reported its rollout while replacing").isTrue();
    assertThat(containers("db").get(0).getId()).as("other services untouched").isEqualTo(dbBefore);
    assertThat(containers("web")).extracting(AgentItBase::name)
        .containsExactlyInAnyOrder(stack + "-web-1", stack + "-web-2", stack + "-web-3");

    Set<String> restarted = ids("web");
    assertThat(submit(stackFile("hi", 3)).changed()).as("the same file again is no change").isFalse();
    awaitConverged(Duration.ofSeconds(30));
    assertThat(ids("web")).isEqualTo(restarted);
  }

  @Test
  void aRestartSurvivesAnAgentCrash() throws Exception {
    submit(stackFile("hi", 2));
    awaitConverged(Duration.ofSeconds(60));
    Set<String> before = ids("web");

    assertThat(call("POST", "/v1/stacks/" + stack + "/services/web/restart", null, null).statusCode())
        .isEqualTo(200);
    agent.kill9();
    agent.restart();

    await("every replica replaced after the crash").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250)).until(() -> {
          List<Container> web = containers("web");
          return web.size() == 2 && web.stream().noneMatch(c -> before.contains(c.getId()))
              && web.stream().allMatch(c -> "1".equals(c.getLabels().get("io.orch.restart-generation")))
              && service("web").state() == ServiceStatusDto.State.RUNNING;
        });
    Set<String> restarted = ids("web");
    // Had the restart been forgotten, the new agent would replace them again, without the label.
    client().submit(stack, stackFile("hi", 2).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/yaml", false);
    awaitConverged(Duration.ofSeconds(30));
    assertThat(ids("web")).isEqualTo(restarted);
  }

  @Test
  void rollbackRestoresThePreviousEnvironmentValue() throws Exception {
    submit(stackFile("v1", 2));
    awaitConverged(Duration.ofSeconds(60));
    assertError(call("POST", "/v1/stacks/" + stack + "/services/web/rollback", null, null), 409, "conflict");

    submit(stackFile("v2", 2));
    await().atMost(Duration.ofSeconds(90)).until(() -> greetings("web").equals(Set.of("GREETING=v2"))
        && containers("web").size() == 2);
    awaitConverged(Duration.ofSeconds(60));

    HttpResponse<String> res = call("POST", "/v1/stacks/" + stack + "/services/web/rollback", null, null);

    assertThat(res.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(90)).until(() -> greetings("web").equals(Set.of("GREETING=v1"))
        && containers("web").size() == 2);
    awaitConverged(Duration.ofSeconds(60));
    assertThat(service("web").desired()).isEqualTo(2);
    assertError(call("POST", "/v1/stacks/" + stack + "/services/db/rollback", null, null), 409, "conflict");
  }

  @Test
  void orchRestartAndRollbackCommandsCallTheApi() throws Exception {
    submit(stackFile("v1", 1));
    awaitConverged(Duration.ofSeconds(60));
    String before = containers("web").get(0).getId();

    String[] noHistory = orch("rollback", "web", "-p", stack);
    assertThat(noHistory[0]).as(noHistory[1]).isEqualTo("1");
    assertThat(noHistory[1]).contains("no previous spec");

    String[] restart = orch("restart", "web", "-p", stack);
    assertThat(restart[0]).as(restart[1]).isEqualTo("0");
    assertThat(restart[1]).contains("restarting " + stack + "/web");
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var now = containers("web"); // one reading: the replica may be gone between two (CI saw an empty second one)
      return now.size() == 1 && !now.get(0).getId().equals(before)
          && service("web").state() == ServiceStatusDto.State.RUNNING;
    });

    submit(stackFile("v2", 1));
    await().atMost(Duration.ofSeconds(60)).until(() -> greetings("web").equals(Set.of("GREETING=v2")));
    String[] rollback = orch("rollback", "web", "-p", stack);
    assertThat(rollback[0]).as(rollback[1]).isEqualTo("0");
    await().atMost(Duration.ofSeconds(60)).until(() -> greetings("web").equals(Set.of("GREETING=v1")));
  }

  // --- errors -----------------------------------------------------------------------------------------------------

  @Test
  void mutatingCallsWithoutOrWithAWrongTokenAre401AndChangeNothing() throws Exception {
    submit(stackFile("hi", 1));
    String base = "/v1/stacks/" + stack;
    List<String[]> calls = List.of(
        new String[] {"PUT", base, "application/yaml", stackFile("other", 1)},
        new String[] {"DELETE", base, null, null},
        new String[] {"POST", base + "/services/web/scale", "application/json", "{\"replicas\": 4}"},
        new String[] {"POST", base + "/services/web/restart", null, null},
        new String[] {"POST", base + "/services/web/rollback", null, null});
    for (String token : new String[] {null, "wrong-" + TokenFile.read(agent.stateDir()).orElseThrow()}) {
      for (String[] c : calls) {
        HttpResponse<String> res = send(c[0], c[1], c[2], c[3], token);
        assertError(res, 401, "unauthorized");
        assertThat(res.headers().firstValue("www-authenticate")).hasValue("Bearer");
      }
    }
    assertThat(client().stack(stack).orElseThrow().generation()).isEqualTo(1);
    assertThat(client().stack(stack).orElseThrow().deleting()).isFalse();
  }

  @Test
  void unknownStacksServicesAndRoutesAre404() throws Exception {
    submit(stackFile("hi", 1));
    String none = "/v1/stacks/nosuch" + stack;
    for (String[] c : List.of(
        new String[] {"GET", none}, new String[] {"GET", none + "/services"},
        new String[] {"GET", none + "/services/web"}, new String[] {"DELETE", none},
        new String[] {"POST", none + "/services/web/restart"}, new String[] {"POST", none + "/services/web/rollback"},
        new String[] {"GET", "/v1/stacks/" + stack + "/services/nosuch"},
        new String[] {"POST", "/v1/stacks/" + stack + "/services/nosuch/restart"},
        new String[] {"POST", "/v1/stacks/" + stack + "/services/nosuch/rollback"},
        new String[] {"GET", "/v1/nosuch"}, new String[] {"GET", "/v1/stacks/" + stack + "/nosuch"})) {
      assertError(call(c[0], c[1], null, null), 404, "not_found");
    }
    assertError(call("POST", none + "/services/web/scale", "application/json", "{\"replicas\": 1}"), 404,
        "not_found");
  }

  @Test
  void wrongMethodsAre405WithAllow() throws Exception {
    HttpResponse<String> post = call("POST", "/v1/stacks", null, null);
    assertError(post, 405, "method_not_allowed");
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
    HttpResponse<String> getRestart = call("GET", "/v1/stacks/" + stack + "/services/web/restart", null, null);
    assertError(getRestart, 405, "method_not_allowed");
    assertThat(getRestart.headers().firstValue("allow")).hasValue("POST");
    assertError(call("DELETE", "/v1/containers", null, null), 405, "method_not_allowed");
  }

  @Test
  void bodiesOverOneMebibyteAre413() throws Exception {
    String huge = "services: {}\n# " + "x".repeat(1024 * 1024 + 1) + "\n";

    assertError(call("PUT", "/v1/stacks/" + stack, "application/yaml", huge), 413, "payload_too_large");
    assertThat(client().stack(stack)).isEmpty();
  }

  @Test
  void badJsonIs400AndNamesAnUnknownField() throws Exception {
    submit(stackFile("hi", 1));
    String scale = "/v1/stacks/" + stack + "/services/web/scale";

    HttpResponse<String> malformed = call("POST", scale, "application/json", "{\"replicas\": ");
    assertError(malformed, 400, "bad_request");
    assertThat(message(malformed)).contains("malformed JSON");

    HttpResponse<String> unknown = call("POST", scale, "application/json", "{\"replicas\": 2, \"replica\": 3}");
    assertError(unknown, 400, "unknown_field");
    assertThat(texts(json.readTree(unknown.body()).at("/error/details"))).containsExactly("replica");

    assertError(call("POST", scale, "application/json", "{\"replicas\": \"2\"}"), 400, "bad_request");
    assertError(call("POST", scale, "application/json", "{\"replicas\": -1}"), 422, "unprocessable");
    assertThat(service("web").desired()).isEqualTo(1);
  }

  @Test
  void aBodyThatIsNotYamlIs400WithWhereItBroke() throws Exception {
    HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack, "application/yaml",
        "services:\n  web: [unclosed\n");

    assertError(res, 400, "bad_request");
    JsonNode detail = json.readTree(res.body()).at("/error/details/0");
    assertThat(detail.get("line").asInt()).isPositive();
    assertThat(detail.get("message").asText()).contains("invalid YAML");
    assertError(call("PUT", "/v1/stacks/" + stack, "application/json", "{\"services\": "), 400, "bad_request");
    assertThat(client().stack(stack)).isEmpty();
  }

  @Test
  void anInvalidStackIs422WithTheLoadersDiagnosticsAndLines() throws Exception {
    String invalid = """
        services:
          web:
            image: %s
            deploy:
              replicas: many
            ports: ["not-a-port"]
        """.formatted(image);

    HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack, "application/yaml", invalid);

    assertError(res, 422, "invalid_stack");
    JsonNode details = json.readTree(res.body()).at("/error/details");
    assertThat(details.size()).isGreaterThanOrEqualTo(2);
    JsonNode replicas = find(details, "path", "services.web.deploy.replicas");
    assertThat(replicas.get("line").asInt()).isEqualTo(5);
    assertThat(replicas.get("column").asInt()).isPositive();
    assertThat(replicas.get("severity").asText()).isEqualTo("error");
    assertThat(details).anySatisfy(d -> assertThat(d.get("path").asText()).startsWith("services.web.ports"));
    assertThat(client().stack(stack)).isEmpty();
  }

  @Test
  void aNameInTheBodyThatDiffersFromThePathIs422() throws Exception {
    HttpResponse<String> res = call("PUT", "/v1/stacks/" + stack, "application/yaml",
        "name: other" + stack + "\n" + stackFile("hi", 1));

    assertError(res, 422, "invalid_stack");
    assertThat(message(res)).contains("other" + stack).contains(stack);
    JsonNode detail = json.readTree(res.body()).at("/error/details/0");
    assertThat(detail.get("path").asText()).isEqualTo("name");
    assertThat(detail.get("line").asInt()).isEqualTo(1);
    assertThat(client().stack(stack)).isEmpty();
    assertThat(client().stack("other" + stack)).isEmpty();
  }

  @Test
  void unsupportedContentTypeAndHostileNamesAre415And422Or400() throws Exception {
    HttpResponse<String> form = call("PUT", "/v1/stacks/" + stack, "application/x-www-form-urlencoded",
        stackFile("hi", 1));
    assertError(form, 415, "unsupported_media_type");
    assertThat(client().stack(stack)).isEmpty();

    for (String path : List.of("/v1/stacks/..%2F..%2Fetc%2Fpasswd", "/v1/stacks/UPPER", "/v1/stacks/-x")) {
      assertError(call("PUT", path, "application/yaml", stackFile("hi", 1)), 422, "unprocessable");
    }
    assertError(call("PUT", "/v1/stacks/a%00b", "application/yaml", stackFile("hi", 1)), 400, "bad_request");
    assertError(call("GET", "/v1/stacks/" + stack + "/services/%2E%2E", null, null), 422, "unprocessable");
    assertError(call("POST", "/v1/stacks/" + stack + "/services/a%2Fb/restart", null, null), 422,
        "unprocessable");
    try (var files = java.nio.file.Files.list(agent.stateDir().resolve("stacks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("passwd"));
    }
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  private HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
    return send(method, path, contentType, body, TokenFile.read(agent.stateDir()).orElseThrow());
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body, String token)
      throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(agent.addr() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertError(HttpResponse<String> res, int status, String code) throws Exception {
    assertThat(res.statusCode()).as(res.request().method() + " " + res.request().uri() + ": " + res.body())
        .isEqualTo(status);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode error = json.readTree(res.body()).get("error");
    assertThat(error).as(res.body()).isNotNull();
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("details").isArray()).isTrue();
  }

  private String message(HttpResponse<String> res) throws Exception {
    return json.readTree(res.body()).at("/error/message").asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(field).asText())) {
        return n;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  /** Runs the orch CLI against this class's agent: {exit code, stdout + stderr}. */
  private static String[] orch(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(agent.cli(args));
    cmd.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
    return new String[] {Integer.toString(p.exitValue()), out};
  }

  private Set<String> ids(String service) {
    return containers(service).stream().map(Container::getId).collect(Collectors.toSet());
  }

  private Set<String> greetings(String service) {
    Set<String> out = ConcurrentHashMap.newKeySet();
    for (Container c : containers(service)) {
      try {
        Arrays.stream(docker.inspectContainerCmd(c.getId()).exec().getConfig().getEnv())
            .filter(e -> e.startsWith("GREETING=")).forEach(out::add);
      } catch (com.github.dockerjava.api.exception.NotFoundException replaced) {
        // removed by the rollout between the list and the inspect: it no longer counts
      }
    }
    return out;
  }
}
