package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.client.OrchClient;
import io.orch.api.client.OrchClientException;
import io.orch.api.dto.DeleteAcceptedDto;
import io.orch.api.dto.DiagnosticDto;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.SubmitResultDto;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  private static final String TOKEN = "s3cret-token";
  private static final int MAX_BODY = 64 * 1024;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final FakeBackend backend = new FakeBackend();
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private ApiServer server;
  private int port;
  private OrchClient client;

  @BeforeEach
  void start() throws Exception {
    RequestListener recorder = (method, route, status, duration) -> requests.add(method + " " + route + " " + status);
    server = new ApiServer(new ApiConfig("127.0.0.1", 0, TOKEN, MAX_BODY), backend, recorder,
        () -> "# TYPE orch_up gauge\norch_up 1\n");
    port = server.start();
    client = new OrchClient(URI.create("http://127.0.0.1:" + port), TOKEN, Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  // --- happy paths -------------------------------------------------------------------------------------------

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> res = get("/healthz");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(json.readTree(res.body())).isEqualTo(json.readTree("{\"status\":\"ok\"}"));
    assertThat(client.healthy()).isTrue();
  }

  @Test
  void readyzFollowsTheBackend() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(client.ready()).isTrue();

    backend.ready = false;

    HttpResponse<String> res = get("/readyz");
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(json.readTree(res.body()).get("status").asText()).isEqualTo("not ready");
    assertThat(client.ready()).isFalse();
  }

  @Test
  void readyzSaysWhyItIsNotReady() throws Exception {
    assertThat(json.readTree(get("/readyz").body())).isEqualTo(json.readTree("{\"status\":\"ok\"}"));

    backend.ready = false;
    backend.notReadyReason = "engine not answering: ping: no answer from the Docker Engine within 5s";

    HttpResponse<String> res = get("/readyz");
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(json.readTree(res.body())).isEqualTo(json.readTree("{\"status\":\"not ready\",\"reason\":"
        + "\"engine not answering: ping: no answer from the Docker Engine within 5s\"}"));
  }

  @Test
  void infoAndStackListing() {
    InfoDto info = client.info();
    assertThat(info.engineApiVersion()).isEqualTo("1.41");
    assertThat(info.uptimeSeconds()).isEqualTo(42);

    assertThat(client.stacks()).singleElement()
        .satisfies(s -> assertThat(s.name()).isEqualTo("shop"))
        .satisfies(s -> assertThat(s.desired()).isEqualTo(2));
  }

  @Test
  void stackRoundTripsWithInstantsAsIsoStrings() throws Exception {
    StackDto stack = client.stack("shop").orElseThrow();

    assertThat(stack.submittedAt()).isEqualTo(FakeBackend.SUBMITTED);
    assertThat(stack.generation()).isEqualTo(7);
    assertThat(stack.services()).singleElement().isEqualTo(backend.web());
    JsonNode raw = json.readTree(get("/v1/stacks/shop").body());
    assertThat(raw.get("submittedAt").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(raw.at("/services/0/state").asText()).isEqualTo("converging");
    assertThat(raw.at("/services/0/containers/1/exitCode").asInt()).isEqualTo(137);
    assertThat(raw.at("/services/0/containers/1/health").isNull()).isTrue();
  }

  @Test
  void unknownStackIsEmptyForTheClientAnd404OnTheWire() throws Exception {
    assertThat(client.stack("nope")).isEmpty();
    assertThat(client.service("shop", "nope")).isEmpty();

    HttpResponse<String> res = get("/v1/stacks/nope");
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(json.readTree(res.body()).at("/error/code").asText()).isEqualTo("not_found");
    assertThatThrownBy(() -> client.services("nope"))
        .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void submitPassesBodyContentTypeAndDryRunThrough() {
    SubmitResultDto result = client.submit("shop", "services: {web: {image: x}}".getBytes(StandardCharsets.UTF_8),
        "application/yaml", true);

    assertThat(result.changed()).isFalse();
    assertThat(result.actions()).containsExactly("create shop-web-1");
    assertThat(result.warnings()).containsExactly("services.web.secrets: not supported yet");
    assertThat(backend.lastBody).isEqualTo("services: {web: {image: x}}");
    assertThat(backend.lastContentType).isEqualTo("application/yaml");
    assertThat(backend.lastDryRun).isTrue();

    assertThat(client.submit("shop", "{}".getBytes(StandardCharsets.UTF_8), "application/json", false).changed())
        .isTrue();
    assertThat(backend.lastDryRun).isFalse();
    assertThat(backend.lastContentType).isEqualTo("application/json");
  }

  @Test
  void deleteAnswers202AndPassesTheVolumesFlag() throws Exception {
    DeleteAcceptedDto accepted = client.delete("shop", true);

    assertThat(accepted).isEqualTo(new DeleteAcceptedDto("shop", true, "deleting"));
    assertThat(backend.deleted).containsEntry("shop", true);
    HttpResponse<String> res = send(authed("/v1/stacks/shop").DELETE());
    assertThat(res.statusCode()).isEqualTo(202);
    assertThat(backend.deleted).containsEntry("shop", false);
    assertThatThrownBy(() -> client.delete("nope", false))
        .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
  }

  @Test
  void servicesServiceAndScale() {
    assertThat(client.services("shop")).singleElement()
        .satisfies(s -> assertThat(s.service()).isEqualTo("web"));
    assertThat(client.service("shop", "web")).get()
        .satisfies(s -> assertThat(s.backoffUntil()).isEqualTo(FakeBackend.SUBMITTED.plusSeconds(4)));

    ServiceStatusDto scaled = client.scale("shop", "web", 5);

    assertThat(scaled.desired()).isEqualTo(5);
    assertThat(backend.replicas).containsEntry("web", 5);
  }

  @Test
  void metricsAreServedAsPrometheusText() throws Exception {
    HttpResponse<String> res = get("/metrics");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(res.body()).contains("orch_up 1");
  }

  @Test
  void metricsRouteDoesNotExistWithoutAScraper() throws Exception {
    try (ApiServer plain = new ApiServer(new ApiConfig("127.0.0.1", 0, null), backend)) {
      int plainPort = plain.start();
      HttpResponse<String> res = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plainPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void requestListenerSeesRouteTemplatesNotRawPaths() throws Exception {
    client.scale("shop", "web", 1);
    get("/v1/nope");

    assertThat(requests.poll(10, TimeUnit.SECONDS))
        .isEqualTo("POST /v1/stacks/{stack}/services/{service}/scale 200");
    assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("GET unmatched 404");
  }

  // --- auth ----------------------------------------------------------------------------------------------------

  @Test
  void mutatingCallsNeedTheToken() throws Exception {
    HttpRequest.Builder noToken = HttpRequest.newBuilder(uri("/v1/stacks/shop/services/web/scale"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"replicas\": 3}"));
    HttpRequest.Builder wrongToken = HttpRequest.newBuilder(uri("/v1/stacks/shop/services/web/scale"))
        .header("Authorization", "Bearer s3cret-tokeN")
        .POST(HttpRequest.BodyPublishers.ofString("{\"replicas\": 3}"));
    HttpRequest.Builder basic = HttpRequest.newBuilder(uri("/v1/stacks/shop"))
        .header("Authorization", "Basic " + TOKEN)
        .DELETE();

    for (HttpRequest.Builder req : List.of(noToken, wrongToken, basic)) {
      HttpResponse<String> res = send(req);
      assertThat(res.statusCode()).isEqualTo(401);
      assertThat(res.headers().firstValue("www-authenticate")).hasValue("Bearer");
      assertErrorShape(res.body(), "unauthorized");
    }
    assertThat(backend.replicas).containsEntry("web", 2);
    assertThat(backend.deleted).isEmpty();
    OrchClient tokenless = new OrchClient(uri(""), null, Duration.ofSeconds(10));
    assertThatThrownBy(() -> tokenless.scale("shop", "web", 3))
        .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThat(tokenless.stacks()).hasSize(1);
  }

  @Test
  void withoutATokenConfiguredMutatingCallsAreOpen() throws Exception {
    try (ApiServer open = new ApiServer(new ApiConfig("127.0.0.1", 0, null), backend)) {
      int openPort = open.start();
      OrchClient anonymous = new OrchClient(URI.create("http://127.0.0.1:" + openPort), null, Duration.ofSeconds(5));
      assertThat(anonymous.scale("shop", "web", 4).desired()).isEqualTo(4);
    }
  }

  @Test
  void refusesToListenOffLoopbackWithoutAToken() {
    ApiServer exposed = new ApiServer(new ApiConfig("0.0.0.0", 0, null), backend);

    assertThatThrownBy(exposed::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
  }

  @Test
  void offLoopbackReadsNeedTheTokenExceptTheProbes() throws Exception {
    try (ApiServer exposed = new ApiServer(new ApiConfig("0.0.0.0", 0, TOKEN), new StreamingBackend(), null,
        () -> "orch_up 1\n")) {
      int exposedPort = exposed.start();
      String base = "http://127.0.0.1:" + exposedPort;
      for (String path : List.of("/v1/events", "/v1/stacks", "/v1/info", "/v1/containers", "/metrics",
          "/v1/openapi.json", "/v1/stacks/shop/services/web/logs")) {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path).isEqualTo(401);
        assertThat(res.headers().firstValue("www-authenticate")).as(path).hasValue("Bearer");
        assertThat(json.readTree(res.body()).at("/error/message").asText()).as(path)
            .contains("reads need 'Authorization: Bearer <token>'");
      }
      for (String path : List.of("/healthz", "/readyz")) {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(200);
      }
      // The CLI's client sends the token on reads too.
      OrchClient withToken = new OrchClient(URI.create(base), TOKEN, Duration.ofSeconds(5));
      assertThat(withToken.stacks()).isNotNull();
      assertThat(withToken.info().engineApiVersion()).isEqualTo("1.41");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void onLoopbackReadsStayOpen() throws Exception {
    assertThat(get("/v1/stacks").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void aBrokenPercentEscapeIs400NotA500() throws Exception {
    // Found by HttpRequestFuzzTest: the decoder's IllegalArgumentException used to escape as a 500.
    for (String path : List.of("/v1/stacks/%2e%zz", "/v1/containers?stack=%zz", "/v1/stacks/%")) {
      try (RawHttp raw = new RawHttp(port)) {
        raw.write(RawHttp.get(path));
        RawHttp.Response res = raw.read();
        assertThat(res.status()).as(path).isEqualTo(400);
        assertThat(json.readTree(res.body()).at("/error/message").asText()).as(path)
            .startsWith("malformed request URI: ");
      }
    }
  }

  @Test
  void configNeverPrintsTheToken() {
    assertThat(new ApiConfig("127.0.0.1", 0, TOKEN).toString()).doesNotContain(TOKEN);
  }

  // --- guard clauses and input errors ---------------------------------------------------------------------------

  @Test
  void unknownRouteIs404WithTheExactErrorShape() throws Exception {
    HttpResponse<String> res = get("/v2/whatever");

    assertThat(res.statusCode()).isEqualTo(404);
    assertErrorShape(res.body(), "not_found");
    assertThat(json.readTree(res.body()).at("/error/details").isEmpty()).isTrue();
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> res = send(authed("/v1/stacks").POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("allow")).hasValue("GET");
    assertErrorShape(res.body(), "method_not_allowed");
    assertThat(send(authed("/v1/stacks/shop").POST(HttpRequest.BodyPublishers.noBody()))
        .headers().firstValue("allow")).hasValue("DELETE, GET, PUT");
  }

  @Test
  void invalidNamesAre422NamingTheParameter() throws Exception {
    assertThat(get("/v1/stacks/Shop").statusCode()).isEqualTo(422);
    assertThat(get("/v1/stacks/_shop").statusCode()).isEqualTo(422);
    assertThat(get("/v1/stacks/shop/services/-web").statusCode()).isEqualTo(422);
    assertThat(get("/v1/stacks/a%2Fb").statusCode()).isEqualTo(422);
    assertThat(get("/v1/stacks/shop/services/Web.v2_x").statusCode()).isEqualTo(404);
    assertThatThrownBy(() -> client.submit("bad name", new byte[] {'x'}, null, false))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.getMessage()).contains("stack");
        });
  }

  @Test
  void aStackNameTooLongForAFileNameIs422NotA500() throws Exception {
    HttpResponse<String> res = send(authed("/v1/stacks/" + "a".repeat(300)).header("Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString("services: {web: {image: x}}")));
    assertThat(res.statusCode()).isEqualTo(422);
    assertErrorShape(res.body(), "unprocessable");
    JsonNode error = json.readTree(res.body()).get("error");
    assertThat(error.get("details").get(0).asText()).isEqualTo("stack");
    assertThat(error.get("message").asText()).contains("is 300 characters long, at most 63 are allowed");
    assertThat(get("/v1/stacks/" + "a".repeat(63)).statusCode()).isEqualTo(404);
  }

  @Test
  void aControlCharacterInANameIs400() throws Exception {
    HttpResponse<String> res = get("/v1/stacks/a%00b");
    assertThat(res.statusCode()).isEqualTo(400);
    assertErrorShape(res.body(), "bad_request");
    assertThat(json.readTree(res.body()).get("error").get("message").asText())
        .contains("'a\\u0000b'", "control character U+0000");
    assertThat(get("/v1/containers?service=web%1B").statusCode()).isEqualTo(400);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> res = scaleRaw("{\"replicas\": ");

    assertThat(res.statusCode()).isEqualTo(400);
    assertErrorShape(res.body(), "bad_request");
    assertThat(json.readTree(res.body()).at("/error/message").asText()).startsWith("malformed JSON");
  }

  @Test
  void unknownFieldIs400NamingTheField() throws Exception {
    HttpResponse<String> res = scaleRaw("{\"replicas\": 2, \"replica_count\": 3}");

    assertThat(res.statusCode()).isEqualTo(400);
    JsonNode error = json.readTree(res.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("unknown_field");
    assertThat(error.get("message").asText()).contains("'replica_count'");
    assertThat(error.get("details")).containsExactly(json.getNodeFactory().textNode("replica_count"));
    assertThat(backend.replicas).containsEntry("web", 2);
  }

  @Test
  void replicasMustBeAnIntegerInRange() throws Exception {
    assertThat(scaleRaw("{\"replicas\": -1}").statusCode()).isEqualTo(422);
    assertThat(scaleRaw("{\"replicas\": \"3\"}").statusCode()).isEqualTo(400);
    assertThat(scaleRaw("{\"replicas\": 2.5}").statusCode()).isEqualTo(400);
    assertThat(scaleRaw("{}").statusCode()).isEqualTo(400);
    assertThat(scaleRaw("").statusCode()).isEqualTo(400);
    assertThat(scaleRaw("null").statusCode()).isEqualTo(400);
    assertThat(scaleRaw("{\"replicas\": 1000}").statusCode()).isEqualTo(200);
    assertThat(scaleRaw("{\"replicas\": 0}").statusCode()).isEqualTo(200);
  }

  @Test
  void backendValidationErrorPassesThroughWithDiagnostics() throws Exception {
    HttpResponse<String> res = send(authed("/v1/stacks/shop")
        .header("Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString("invalid: true")));

    assertThat(res.statusCode()).isEqualTo(422);
    assertThat(json.readTree(res.body())).isEqualTo(json.readTree("""
        {"error": {"code": "invalid_stack", "message": "stack.yml has 1 error", "details": [
          {"file": "stack.yml", "line": 3, "column": 12, "path": "services.web.deploy.replicas",
           "message": "must be an integer", "hint": "write replicas: 2", "severity": "error"}]}}
        """));
    assertThatThrownBy(() -> client.submit("shop", "invalid".getBytes(StandardCharsets.UTF_8), null, false))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.code()).isEqualTo("invalid_stack");
          assertThat(e.diagnostics()).containsExactly(new DiagnosticDto("stack.yml", 3, 12,
              "services.web.deploy.replicas", "must be an integer", "write replicas: 2", "error"));
        });
  }

  @Test
  void emptySubmitBodyIs400() throws Exception {
    HttpResponse<String> res = send(authed("/v1/stacks/shop").PUT(HttpRequest.BodyPublishers.noBody()));

    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(backend.lastBody).isNull();
  }

  @Test
  void badQueryFlagIs400NamingIt() throws Exception {
    HttpResponse<String> res = send(authed("/v1/stacks/shop?dryRun=maybe")
        .PUT(HttpRequest.BodyPublishers.ofString("x: 1")));

    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json.readTree(res.body()).at("/error/message").asText()).contains("dryRun");
  }

  @Test
  void unexpectedBackendFailureIs500WithoutItsMessage() throws Exception {
    backend.infoFailure = new IllegalStateException("db password is hunter2");

    HttpResponse<String> res = get("/v1/info");

    assertThat(res.statusCode()).isEqualTo(500);
    assertErrorShape(res.body(), "internal");
    assertThat(res.body()).doesNotContain("hunter2");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedBodyIs413JsonAndTheConnectionStaysUsable() throws Exception {
    try (RawHttp raw = new RawHttp(port)) {
      raw.write("PUT /v1/stacks/shop HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
          + "\r\nContent-Type: application/yaml\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n"
          + "x".repeat(MAX_BODY + 1));

      RawHttp.Response res = raw.read();

      assertThat(res.status()).isEqualTo(413);
      assertThat(res.headers()).containsEntry("content-type", "application/json");
      assertErrorShape(res.body(), "payload_too_large");
      raw.write(RawHttp.get("/healthz"));
      assertThat(raw.read().status()).isEqualTo(200);
    }
    assertThat(backend.lastBody).isNull();
  }

  @Test
  void oversizedBodyWithoutKeepAliveIs413AndCloses() throws Exception {
    try (RawHttp raw = new RawHttp(port)) {
      raw.write("PUT /v1/stacks/shop HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
          + TOKEN + "\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n");

      RawHttp.Response res = raw.read();

      assertThat(res.status()).isEqualTo(413);
      assertErrorShape(res.body(), "payload_too_large");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void clientGets413ForAnOversizedStack() {
    byte[] big = new byte[MAX_BODY + 1];

    assertThatThrownBy(() -> client.submit("shop", big, "application/yaml", false))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.code()).isEqualTo("payload_too_large");
        });
    assertThat(backend.lastBody).isNull();
  }

  @Test
  void malformedHttpIs400AndCloses() throws Exception {
    try (RawHttp raw = new RawHttp(port)) {
      raw.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope\r\n\r\n");

      RawHttp.Response res = raw.read();

      assertThat(res.status()).isEqualTo(400);
      assertErrorShape(res.body(), "bad_request");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  // --- connections and threading ----------------------------------------------------------------------------------

  @Test
  void keepsTheConnectionAliveBetweenRequests() throws Exception {
    try (RawHttp raw = new RawHttp(port)) {
      raw.write(RawHttp.get("/healthz"));
      RawHttp.Response first = raw.read();
      raw.write(RawHttp.get("/v1/stacks/shop"));
      RawHttp.Response second = raw.read();

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.headers()).doesNotContainEntry("connection", "close");
      assertThat(second.status()).isEqualTo(200);
      assertThat(json.readTree(second.body()).get("name").asText()).isEqualTo("shop");
    }
  }

  @Test
  void slowBackendCallDoesNotBlockHealthz() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    backend.infoRelease = release;
    CompletableFuture<InfoDto> slow = CompletableFuture.supplyAsync(client::info);
    try {
      assertThat(backend.infoEntered.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(get("/healthz").statusCode()).isEqualTo(200);
      assertThat(slow).isNotDone();
    } finally {
      release.countDown();
    }
    assertThat(slow.get(10, TimeUnit.SECONDS).version()).isEqualTo("0.1.0");
  }

  /** More engine-bound calls waiting than there are workers: the status reads and probes still answer at once. */
  @Test
  void callsWaitingForTheEngineDoNotStarveStatusReads() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    backend.infoRelease = release;
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        waiting.add(http.sendAsync(HttpRequest.newBuilder(uri("/v1/info")).GET().build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(backend.infoEntered.await(10, TimeUnit.SECONDS)).isTrue();

      for (String path : List.of("/v1/stacks", "/v1/stacks/shop", "/v1/stacks/shop/services", "/readyz",
          "/healthz", "/v1/containers")) {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path).isEqualTo(200);
      }
      assertThat(waiting).noneMatch(CompletableFuture::isDone);
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> w : waiting) {
      assertThat(w.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void pipeliningDeeperThanTheLimitIsAnsweredInOrderThenRefusedCleanlyAndClosed() throws Exception {
    int depth = ApiChannelInitializer.MAX_PIPELINED_REQUESTS;
    try (RawHttp raw = new RawHttp(port)) {
      raw.write(RawHttp.get("/healthz").repeat(depth + 50));

      for (int i = 0; i < depth; i++) {
        RawHttp.Response r = raw.read();
        assertThat(r.status()).as("reply " + (i + 1)).isEqualTo(200);
      }
      RawHttp.Response refused = raw.read();
      assertThat(refused.status()).as("no 500 (and no stack trace): a clean refusal " + refused.body()).isEqualTo(429);
      assertThat(refused.headers()).containsEntry("connection", "close");
      assertErrorShape(refused.body(), "too_many_requests");
      assertThat(refused.body()).contains(String.valueOf(depth));
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(get("/healthz").statusCode()).as("the server goes on serving").isEqualTo(200);
  }

  @Test
  void jsonRepliesForbidContentSniffing() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/v1/stacks")).GET()).headers()
        .firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(send(HttpRequest.newBuilder(uri("/v1/no-such-route")).GET()).headers()
        .firstValue("X-Content-Type-Options")).as("errors too").hasValue("nosniff");
  }

  @Test
  void pipelinedRepliesKeepRequestOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    backend.infoRelease = release;
    try (RawHttp raw = new RawHttp(port)) {
      raw.write(RawHttp.get("/v1/info") + RawHttp.get("/healthz"));
      assertThat(backend.infoEntered.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();

      List<RawHttp.Response> replies = new ArrayList<>(List.of(raw.read(), raw.read()));

      assertThat(json.readTree(replies.get(0).body()).has("engineApiVersion")).as(replies.get(0).status() + " "
          + replies.get(0).body() + " / " + replies.get(1).status() + " " + replies.get(1).body()).isTrue();
      assertThat(json.readTree(replies.get(1).body()).get("status").asText()).isEqualTo("ok");
    } finally {
      release.countDown();
    }
  }

  @Test
  void containersAreListedFlatWithTheirStackAndServiceAndFiltered() throws Exception {
    assertThat(client.containers(null, null)).extracting(c -> c.stack() + "/" + c.service() + "/" + c.name())
        .containsExactly("shop/web/shop-web-1", "shop/web/shop-web-2");
    assertThat(client.containers("shop", "web").get(1).exitCode()).isEqualTo(137);
    assertThat(client.containers("shop", "web").get(1).oomKilled()).isTrue();
    assertThat(client.containers("other", null)).isEmpty();
    assertThat(client.containers("shop", "db")).isEmpty();

    HttpResponse<String> bad = get("/v1/containers?stack=..%2Fetc");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertErrorShape(bad.body(), "unprocessable");
  }

  @Test
  void restartAndRollbackNeedTheTokenAndReachTheBackend() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/v1/stacks/shop/services/web/restart"))
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
    assertThat(backend.restarts).isEmpty();

    assertThat(client.restart("shop", "web").service()).isEqualTo("web");
    assertThat(backend.restarts).containsEntry("web", 1);
    assertThatThrownBy(() -> client.restart("shop", "db"))
        .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> client.rollback("shop", "web"))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.code()).isEqualTo("conflict");
        });
  }

  @Test
  void submitWithAnUnsupportedContentTypeIs415() throws Exception {
    HttpResponse<String> form = send(authed("/v1/stacks/shop")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("services: {web: {image: x}}")));

    assertThat(form.statusCode()).isEqualTo(415);
    assertErrorShape(form.body(), "unsupported_media_type");
    assertThat(json.readTree(form.body()).at("/error/message").asText()).contains("application/yaml");
    assertThat(backend.lastBody).isNull();

    HttpResponse<String> withCharset = send(authed("/v1/stacks/shop")
        .header("Content-Type", "application/yaml; charset=utf-8")
        .PUT(HttpRequest.BodyPublishers.ofString("services: {web: {image: x}}")));
    assertThat(withCharset.statusCode()).isEqualTo(200);
  }

  @Test
  void hostilePathParametersAre422Or404NeverReachTheBackend() throws Exception {
    for (String path : List.of("/v1/stacks/..%2F..%2Fetc", "/v1/stacks/%2e%2e", "/v1/stacks/UPPER",
        "/v1/stacks/shop/services/web%2F..%2Fdb")) {
      HttpResponse<String> res = get(path);
      assertThat(res.statusCode()).as(path).isEqualTo(422);
      assertErrorShape(res.body(), "unprocessable");
    }
    assertThat(get("/v1/stacks/shop/../shop").statusCode()).isIn(400, 404);
  }

  // --- helpers ------------------------------------------------------------------------------------------------------

  private void assertErrorShape(String body, String code) throws IOException {
    JsonNode root = json.readTree(body);
    assertThat(iterable(root.fieldNames())).containsExactly("error");
    JsonNode error = root.get("error");
    assertThat(iterable(error.fieldNames())).containsExactly("code", "message", "details");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("details").isArray()).isTrue();
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private HttpResponse<String> scaleRaw(String body) throws Exception {
    return send(authed("/v1/stacks/shop/services/web/scale")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder authed(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
    return http.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
