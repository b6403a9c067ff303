package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.orch.api.dto.EventDto;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 3 against the real engine: idle connections to an ingress port are bounded (per port, and in all by
 * the ingress's share of the agent's file descriptors), so 15,000 of them leave /healthz and a real client of the port
 * answering; a replica that accepts but never answers leaves the rotation after its first timeouts. Each test binds a
 * free port of its own and closes every connection it opened.
 */
class IngressFloodIT extends AgentItBase {
  private static final int IDLE_CONNECTIONS = 15_000;

  private static final String WEB = """
      services:
        web:
          image: IMAGE
          command: ["sh", "-c", "mkdir -p /tmp/www && echo $$HOSTNAME > /tmp/www/index.html \
      && exec httpd -f -p 8080 -h /tmp/www"]
          init: true
          ports: ["127.0.0.1:PORT:8080"]
          deploy: {replicas: 2}
          x-orch: {ingress_max_connections: 2000}
      """;

  /**
   * One replica (the first to create /flag/silent on the shared volume) accepts connections and never answers: each
   * connection runs a `sleep` that neither reads nor writes. The other serves its hostname.
   */
  private static final String ONE_SILENT = """
      services:
        web:
          image: IMAGE
          command: ["sh", "-c", "if mkdir /flag/silent 2>/dev/null; then exec nc -ll -p 8080 -e sleep 600; \
      else mkdir -p /tmp/www && echo $$HOSTNAME > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www; fi"]
          init: true
          volumes: ["flag:/flag"]
          ports: ["127.0.0.1:PORT:8080"]
          deploy: {replicas: 2}
          x-orch: {ingress_response_timeout: 2s}
      volumes:
        flag: {}
      """;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void fifteenThousandIdleConnectionsLeaveHealthzAndARealClientOfThePortAnswering() throws Exception {
    requireFileDescriptors(IDLE_CONNECTIONS + 1_000);
    int port = freePort();
    submit(WEB.replace("PORT", Integer.toString(port)));
    awaitConverged(Duration.ofSeconds(90));
    assertThat(IngressIT.get(port).ok()).as("served before the flood").isTrue();

    List<Socket> idle = new ArrayList<>(IDLE_CONNECTIONS);
    try {
      long started = System.nanoTime();
      int refusedConnects = 0;
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
          idle.add(s);
        } catch (IOException e) {
          refusedConnects++;
          s.close();
        }
      }
      double floodSeconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(1_500); // the flood's connections are idle now, so they may be closed to make room

      long healthStarted = System.nanoTime();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(agent.addr() + "/healthz"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      double healthMs = (System.nanoTime() - healthStarted) / 1e6;
      long clientStarted = System.nanoTime();
      IngressIT.Reply real = IngressIT.get(port);
      double clientMs = (System.nanoTime() - clientStarted) / 1e6;
      long agentFds = openFiles(agent.pid());
      long stillOpen = idle.stream().filter(IngressFloodIT::openOnTheServerSide).count();
      System.out.printf("IngressFloodIT: %d connects to ingress port %d in %.1f s (%d refused at connect); then"
          + " /healthz %d in %.1f ms, a real client %s in %.1f ms; the agent holds %d open files; %d of the flood's"
          + " connections still open (cap 2000)%n", IDLE_CONNECTIONS, port, floodSeconds, refusedConnects,
          health.statusCode(), healthMs, real.ok() ? "served" : "failed: " + real.error(), clientMs, agentFds,
          stillOpen);

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(real.ok()).as("a real client of the port: %s", real.error()).isTrue();
      assertThat(client().stacks()).isNotNull();
      // Two descriptors per admitted connection at most: far below what 15,000 connections would hold.
      assertThat(agentFds).isLessThan(2 * 2_000 + 1_000);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  void aSilentReplicaGetsNoMoreRequestsAfterItsFirstTimeouts() throws Exception {
    int port = freePort();
    submit(ONE_SILENT.replace("PORT", Integer.toString(port)));
    awaitConverged(Duration.ofSeconds(90));

    List<IngressIT.Reply> first = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      first.add(IngressIT.get(port));
    }
    List<IngressIT.Reply> after = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      after.add(IngressIT.get(port));
    }
    long failedFirst = first.stream().filter(r -> !r.ok()).count();
    long failedAfter = after.stream().filter(r -> !r.ok()).count();
    System.out.printf("IngressFloodIT: one silent replica of two, response timeout 2s: %d of the first %d requests"
        + " failed, %d of the next %d%n", failedFirst, first.size(), failedAfter, after.size());

    assertThat(failedFirst).as("the silent replica's first timeouts").isBetween(1L, 2L);
    assertThat(after).as("requests after its ejection").allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
    List<EventDto> ejected = new CopyOnWriteArrayList<>();
    CompletableFuture.runAsync(() -> client().streamEvents(0, stack, "web", "ingress.backend_ejected",
        e -> !ejected.add(e))).get(30, TimeUnit.SECONDS);
    assertThat(ejected).singleElement().satisfies(e -> assertThat(e.message())
        .contains("did not answer within 2s (x-orch.ingress_response_timeout), 2 time(s) in a row"));
  }

  /** False once the ingress closed it (evicted to make room, or refused at the cap). */
  private static boolean openOnTheServerSide(Socket s) {
    try {
      s.setSoTimeout(1);
      return s.getInputStream().read() != -1;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  /** Each idle connection costs the test one descriptor; the JVM raises its soft limit to the hard one. */
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
