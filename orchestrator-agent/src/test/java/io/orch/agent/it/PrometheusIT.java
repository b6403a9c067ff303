package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.agent.testing.RepoRoot;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's /usr/bin/prometheus) scrapes a real agent with the example config
 * (examples/prometheus/prometheus.yml, its target and interval swapped for this test's agent) and answers the
 * replica count of a running stack through its own query API; the example alert rules load and evaluate.
 */
class PrometheusIT extends AgentItBase {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Process prometheus;
  private Path dir;

  @Test
  void prometheusScrapesTheDeclaredReplicaCount() throws Exception {
    submit("""
        services:
          web:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            deploy:
              replicas: 3
        """);
    awaitConverged(Duration.ofSeconds(60));
    String url = startPrometheus();

    await("prometheus answers orch_service_replicas_running of " + stack).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          JsonNode result = query(url, "orch_service_replicas_running{stack=\"" + stack + "\"}");
          assertThat(result).hasSize(1);
          assertThat(result.get(0).at("/metric/service").asText()).isEqualTo("web");
          assertThat(result.get(0).at("/metric/job").asText()).isEqualTo("orch");
          assertThat(result.get(0).at("/value/1").asText()).isEqualTo("3");
        });
    assertThat(query(url, "orch_service_replicas_desired{stack=\"" + stack + "\"}").get(0).at("/value/1").asText())
        .isEqualTo("3");
    assertThat(query(url, "up{job=\"orch\"}").get(0).at("/value/1").asText()).isEqualTo("1");

    JsonNode groups = get(url + "/api/v1/rules").at("/data/groups");
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).get("rules")).hasSize(5).allSatisfy(rule -> assertThat(rule.get("health").asText())
        .as("rule %s", rule.get("name")).isIn("ok", "unknown"));
  }

  @AfterEach
  void stopPrometheus() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor();
      }
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Starts Prometheus on a free loopback port with a throw-away TSDB; returns its base URL once it is ready. */
  private String startPrometheus() throws IOException {
    Path binary = Path.of("/usr/bin/prometheus");
    assertThat(binary).as("Debian's prometheus package (apt-get install prometheus)").isExecutable();
    dir = Files.createTempDirectory("orch-prometheus");
    Path examples = RepoRoot.examples().resolve("prometheus");
    String example = Files.readString(examples.resolve("prometheus.yml"));
    assertThat(example).contains("127.0.0.1:7070", "scrape_interval: 15s", "evaluation_interval: 15s");
    String config = example.replace("127.0.0.1:7070", agent.addr().substring("http://".length()))
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
    Files.writeString(dir.resolve("prometheus.yml"), config);
    Files.copy(examples.resolve("alerts.yml"), dir.resolve("alerts.yml"));
    int port = freePort();
    prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    String url = "http://127.0.0.1:" + port;
    await("prometheus ready on " + url).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          if (!prometheus.isAlive()) {
            throw new AssertionError("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
          }
          try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
    return url;
  }

  private static JsonNode query(String url, String promql) throws Exception {
    JsonNode body = get(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    assertThat(body.get("status").asText()).isEqualTo("success");
    return body.at("/data/result");
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
