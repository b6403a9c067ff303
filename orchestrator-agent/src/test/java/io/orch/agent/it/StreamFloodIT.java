package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import io.orch.agent.TokenFile;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 2 against a real agent: 2,000 event streams opened by one unauthenticated local client (reads need
 * no token on loopback) used to take all 1,024 API connections and answer 503 to everyone, /healthz included. Now
 * the client gets its share of streams and 429s, and /healthz, reads and a token holder's write keep answering.
 */
class StreamFloodIT {
  private static final int STREAMS = 2_000;
  /** The anonymous per-client share at the default cap of 1,024 connections (StreamLimiter). */
  private static final int ANONYMOUS_PER_CLIENT = 32;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void engine() {
    TestImages.requireEngine();
  }

  @Test
  void twoThousandUnauthenticatedStreamsLeaveHealthzReadsAndATokenHoldersWriteAnswering() throws Exception {
    requireFileDescriptors(STREAMS + 500);
    List<Socket> streams = new ArrayList<>();
    try (AgentProcess agent = AgentProcess.start()) {
      String token = TokenFile.read(agent.stateDir()).orElseThrow();
      try {
        byte[] request = ("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < STREAMS; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", agent.port()), 10_000);
          s.setSoTimeout(30_000);
          s.getOutputStream().write(request);
          streams.add(s);
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Socket s : streams) {
          outcomes.merge(statusOf(s), 1, Integer::sum);
        }
        long started = System.nanoTime();
        HttpResponse<String> health = send(agent, "GET", "/healthz", null, null);
        double healthMs = (System.nanoTime() - started) / 1e6;
        HttpResponse<String> read = send(agent, "GET", "/v1/stacks", null, null);
        String stack = "flood" + ProcessHandle.current().pid();
        HttpResponse<String> write = send(agent, "PUT", "/v1/stacks/" + stack, token,
            "services:\n  idle:\n    image: busybox:1.36\n    deploy: {replicas: 0}\n");
        System.out.printf("StreamFloodIT: %d streams asked by one unauthenticated client: %s; /healthz %d in %.1f ms,"
            + " GET /v1/stacks %d, a token holder's PUT %d; agent holds %d open files%n", STREAMS, outcomes,
            health.statusCode(), healthMs, read.statusCode(), write.statusCode(), openFiles(agent.pid()));

        assertThat(outcomes.getOrDefault("200", 0)).as("streams granted: %s", outcomes)
            .isBetween(1, ANONYMOUS_PER_CLIENT);
        assertThat(outcomes.getOrDefault("429", 0)).as("streams refused: %s", outcomes)
            .isGreaterThan(STREAMS / 2);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        assertThat(send(agent, "DELETE", "/v1/stacks/" + stack, token, null).statusCode()).isEqualTo(202);
        // The removal (and its network) finishes before the agent stops: nothing of this test stays on the engine.
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.client().stack(stack).isEmpty());
        assertThat(firstEventLine(agent, token, "api.streams_refused")).contains("refused")
            .contains(ANONYMOUS_PER_CLIENT + " unauthenticated streams");
      } finally {
        for (Socket s : streams) {
          s.close();
        }
      }
    }
  }

  /** The data line of the first event of {@code type} in the history, read by a token holder's stream. */
  private String firstEventLine(AgentProcess agent, String token, String type) throws Exception {
    HttpResponse<InputStream> res = http.send(request(agent, "/v1/events?since=0&type=" + type, token).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    InputStream body = res.body();
    try {
      return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
          for (String l = reader.readLine(); l != null; l = reader.readLine()) {
            if (l.startsWith("data:")) {
              return l;
            }
          }
          return "";
        } catch (IOException e) {
          return "";
        }
      }).get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      body.close();
    }
  }

  /** "200", "429", or "closed" (evicted as idle before its request was read: the cap at work). */
  private static String statusOf(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    try {
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
    } catch (SocketTimeoutException e) {
      return "no answer in 30s";
    } catch (IOException e) {
      return "closed";
    }
    String[] parts = line.toString().split(" ");
    return parts.length > 1 ? parts[1] : "closed";
  }

  private HttpResponse<String> send(AgentProcess agent, String method, String path, String token, String yaml)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(agent, path, token);
    if (yaml != null) {
      b.header("Content-Type", "application/yaml").method(method, HttpRequest.BodyPublishers.ofString(yaml));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(AgentProcess agent, String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.addr() + path)).timeout(Duration.ofSeconds(30));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  /** Each stream costs the test one descriptor too; the JVM raises its soft limit to the hard one. */
  private static void requireFileDescriptors(long needed) {
    long max = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getMaxFileDescriptorCount();
    assertThat(max).as("open-file limit of the test JVM (raise `ulimit -Hn`)").isGreaterThanOrEqualTo(needed);
  }

  private static long openFiles(long pid) throws IOException {
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    }
  }
}
