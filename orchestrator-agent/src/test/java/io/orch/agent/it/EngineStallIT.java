package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.agent.TokenFile;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.SecondEngine;
import io.orch.agent.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stalled engine (dockerd under SIGSTOP: its socket accepts and never answers) must not stall the agent: the probes
 * and the status reads answer at once, calls that need the engine fail with 503 within their deadline, /readyz says
 * why it is not ready, and once the engine answers again (SIGCONT) the agent converges on its own. Runs against a
 * dockerd of its own ({@link SecondEngine}), so freezing it leaves the engine the other tests use alone.
 */
class EngineStallIT {
  private static final String STACK = "h9stall-web";
  private static final int PORT = 47123;
  /**
   * "Answers at once", as a bound that a loaded 2-core CI machine still meets: the calls involved take milliseconds,
   * and a hang lasts until the engine's deadline (30 s) or forever, so 5 s separates the two with room to spare.
   */
  private static final Duration PROMPT = Duration.ofSeconds(5);
  /** The agent's ping watchdog: a ping every 10 s with a 5 s deadline (DockerEngineSettings.DEFAULTS), plus margin. */
  private static final Duration STALL_NOTICED = Duration.ofSeconds(10 + 5 + 15);
  /** An ordinary engine call's deadline (30 s), plus margin for a loaded machine. */
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30 + 15);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static SecondEngine engine;
  private static AgentProcess agent;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startEngineAndAgent() {
    TestImages.requireEngine();
    String image = TestImages.busybox();
    engine = SecondEngine.start(Path.of("/tmp/h9stall-e"), "orchstall0", "172.31.250.1/24");
    engine.loadFromMainEngine(image);
    agent = AgentProcess.withEnvironment(Map.of("DOCKER_HOST", engine.host()), PORT, "127.0.0.1");
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (engine != null) {
        engine.thaw();
      }
      if (agent != null) {
        agent.close();
      }
    } finally {
      if (engine != null) {
        engine.close(); // SIGTERM: dockerd stops the stack's containers; then the bridge and the dirs go
      }
    }
  }

  @Test
  void aStalledEngineStallsNeitherProbesNorStatusReadsAndTheAgentRecovers() throws Exception {
    put("/v1/stacks/" + STACK, """
        services:
          web:
            image: %s
            command: ["sleep", "86400"]
            network_mode: none
            stop_grace_period: 1s
        """.formatted(TestImages.BUSYBOX), 200);
    awaitRunning(1, Duration.ofSeconds(90));
    assertThat(get("/readyz").statusCode()).isEqualTo(200);

    engine.freeze();
    try {
      // A change needs no engine to be accepted; it is carried out once the engine answers again. (Sent first: a
      // change waits for a submit in flight, and the submit below waits for the engine.)
      HttpResponse<String> scaled = send(request("/v1/stacks/" + STACK + "/services/web/scale")
          .timeout(PROMPT).header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"replicas\": 2}")));
      assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);

      // Engine-bound calls, started now: they must end with a 503 within their deadline, and meanwhile block nothing.
      CompletableFuture<HttpResponse<String>> logs = sendAsync(request("/v1/stacks/" + STACK
          + "/services/web/logs?tail=10").GET());
      CompletableFuture<HttpResponse<String>> preview = sendAsync(request("/v1/stacks/" + STACK + "?dryRun=true")
          .header("Authorization", "Bearer " + token()).header("Content-Type", "application/yaml")
          .PUT(HttpRequest.BodyPublishers.ofString("services:\n  web:\n    image: " + TestImages.BUSYBOX + "\n")));

      HttpResponse<String> health = timed(PROMPT, "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> stacks = timed(PROMPT, "/v1/stacks");
      assertThat(stacks.statusCode()).isEqualTo(200);
      assertThat(stacks.body()).contains(STACK);
      assertThat(timed(PROMPT, "/v1/stacks/" + STACK).statusCode()).isEqualTo(200);
      assertThat(timed(PROMPT, "/v1/containers?stack=" + STACK).statusCode()).isEqualTo(200);

      await("/readyz says the engine is not answering").atMost(STALL_NOTICED).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> {
            HttpResponse<String> ready = timed(PROMPT, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.path("status").asText()).isEqualTo("not ready");
            assertThat(body.path("reason").asText()).contains("engine not answering");
          });
      assertThat(timed(PROMPT, "/healthz").statusCode()).isEqualTo(200);

      HttpResponse<String> logsAnswer = logs.get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(logsAnswer.statusCode()).as(logsAnswer.body()).isEqualTo(503);
      assertThat(logsAnswer.body()).contains("Docker Engine");
      // A dry run plans from what the loop's last pass saw and the informer's containers: no engine call, so it
      // answers during the stall too.
      HttpResponse<String> previewAnswer = preview.get(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(previewAnswer.statusCode()).as(previewAnswer.body()).isEqualTo(200);
      assertThat(previewAnswer.body()).contains("spec changed");
      // The stall has lasted a full call deadline now: the reads still answer.
      assertThat(timed(PROMPT, "/v1/stacks").statusCode()).isEqualTo(200);
    } finally {
      engine.thaw();
    }

    await("/readyz ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> get("/readyz").statusCode() == 200);
    awaitRunning(2, Duration.ofSeconds(120));
    assertThat(engine.docker("ps", "-q", "--filter", "label=io.orch.stack=" + STACK).strip().lines())
        .hasSize(2);
  }

  private void awaitRunning(int replicas, Duration atMost) {
    await("stack " + STACK + " running " + replicas + " replica(s) (agent log: " + agent.log() + ")")
        .atMost(atMost).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          JsonNode web = JSON.readTree(get("/v1/stacks/" + STACK + "/services/web").body());
          return web.path("state").asText().equals("running") && web.path("running").asInt() == replicas
              && web.path("desired").asInt() == replicas;
        });
  }

  /** A GET that must answer within {@code limit}; the request's own timeout turns a hang into a failure. */
  private HttpResponse<String> timed(Duration limit, String path) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> res = send(request(path).timeout(limit).GET());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("GET " + path + " took").isLessThan(limit);
    return res;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(request(path).timeout(Duration.ofSeconds(30)).GET());
  }

  private void put(String path, String yaml, int expected) throws Exception {
    HttpResponse<String> res = send(request(path).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token()).header("Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString(yaml)));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(expected);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(agent.addr() + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder req) {
    return http.sendAsync(req.timeout(CALL_DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token() {
    return TokenFile.read(agent.stateDir()).orElseThrow();
  }
}
