package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.orch.agent.TokenFile;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestImages;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's connection layer against a real agent process: a flood of idle connections does not take /healthz
 * down or the agent's file descriptors with it, and an agent listening beyond loopback needs the acknowledgement
 * flag and answers reads only with the token.
 */
class ConnectionLimitsIT {
  private static final int IDLE_CONNECTIONS = 5_000;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void engine() {
    TestImages.requireEngine();
  }

  @Test
  void fiveThousandIdleConnectionsDoNotStopHealthzOrExhaustTheAgentsFiles() throws Exception {
    requireFileDescriptors(IDLE_CONNECTIONS + 500);
    List<Socket> idle = new ArrayList<>();
    try (AgentProcess agent = AgentProcess.start()) {
      try {
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", agent.port()), 10_000);
          idle.add(s);
        }

        long started = System.nanoTime();
        HttpResponse<String> health = get(agent, "/healthz", null);
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
        long agentFds = openFiles(agent.pid());
        System.out.printf("ConnectionLimitsIT: %d idle connections opened; /healthz answered %d in %.1f ms on a new"
            + " connection; the agent holds %d open files (cap 1024 connections)%n", IDLE_CONNECTIONS,
            health.statusCode(), micros / 1000.0, agentFds);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(agent.client().stacks()).isNotNull();
        // Without the cap the agent would hold one descriptor per connection, i.e. more than 5,000.
        assertThat(agentFds).isLessThan(2_000);
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void beyondLoopbackReadsNeedTheTokenAndTheProbesDoNot() throws Exception {
    try (AgentProcess agent = AgentProcess.listeningOn("0.0.0.0", "--allow-remote")) {
      String token = TokenFile.read(agent.stateDir()).orElseThrow();
      for (String path : List.of("/v1/events", "/v1/stacks", "/metrics")) {
        HttpResponse<String> anonymous = get(agent, path, null);
        assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        assertThat(anonymous.body()).as(path).contains("reads need 'Authorization: Bearer <token>'");
      }
      assertThat(get(agent, "/healthz", null).statusCode()).isEqualTo(200);
      assertThat(get(agent, "/readyz", null).statusCode()).isEqualTo(200);
      assertThat(get(agent, "/v1/stacks", token).statusCode()).isEqualTo(200);
      assertThat(get(agent, "/metrics", token).statusCode()).isEqualTo(200);
      HttpResponse<java.io.InputStream> events = http.send(request(agent, "/v1/events", token).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream body = events.body()) {
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("content-type")).hasValue("text/event-stream");
      }
    }
  }

  @Test
  void aNonLoopbackListenWithoutAllowRemoteIsRefusedWithExit2() throws Exception {
    Path stateDir = Files.createTempDirectory("orch-it-remote");
    Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
        AgentProcess.jar().toString(), "agent", "--listen", "0.0.0.0:7999", "--state-dir", stateDir.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the agent exits instead of starting").isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("--listen 0.0.0.0:7999 is not a loopback address")
        .contains("Add --allow-remote to mean it, or listen on 127.0.0.1:7999");
  }

  private HttpResponse<String> get(AgentProcess agent, String path, String token)
      throws IOException, InterruptedException {
    return http.send(request(agent, path, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(AgentProcess agent, String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.addr() + path)).timeout(Duration.ofSeconds(30));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  /** Each idle connection costs the test one descriptor too; the JVM raises its soft limit to the hard one. */
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
