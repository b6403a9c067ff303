package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.EventDto;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection layer's limits with short configured timeouts: idle connections close, slow headers and bodies get
 * a 408, requests in flight and event streams are never cut, and the connection cap makes room or refuses with 503.
 */
class ConnectionLimitsTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofMinutes(10);
  /** Several times every short timeout: long enough that a deadline that applied would have fired. */
  private static final long PAST_THE_TIMEOUTS_MS = 1_500;

  private final ObjectMapper json = new ObjectMapper();
  private ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private int start(OrchBackend backend, HttpLimits limits) throws InterruptedException {
    server = new ApiServer(new ApiConfig("127.0.0.1", 0, null).withLimits(limits), backend)
        .eventHeartbeat(Duration.ofHours(1));
    return server.start();
  }

  // --- idle ----------------------------------------------------------------------------------------------------

  @Test
  void closesAKeepAliveConnectionThatStaysIdle() throws Exception {
    int port = start(new FakeBackend(), new HttpLimits(SHORT, LONG, LONG, 100));
    try (RawHttp http = new RawHttp(port)) {
      http.write(RawHttp.get("/healthz"));
      assertThat(http.read().status()).isEqualTo(200);

      assertThat(http.closedByServer()).isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
  }

  @Test
  void aSlowCallInFlightIsNotCutByTheIdleTimeout() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.infoRelease = new CountDownLatch(1);
    int port = start(backend, new HttpLimits(SHORT, SHORT, SHORT, 100));
    try (RawHttp http = new RawHttp(port)) {
      http.write(RawHttp.get("/v1/info"));
      assertThat(backend.infoEntered.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(PAST_THE_TIMEOUTS_MS);

      backend.infoRelease.countDown();

      assertThat(http.read().status()).isEqualTo(200);
    }
  }

  @Test
  void aQuietEventStreamIsNotCutByTheIdleTimeout() throws Exception {
    StreamingBackend backend = new StreamingBackend();
    int port = start(backend, new HttpLimits(SHORT, SHORT, SHORT, 100));
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events"))) {
      assertThat(http.frame()).startsWith("retry:");
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.live.size() == 1);
      // No heartbeat for an hour: nothing crosses the connection while we wait.
      Thread.sleep(PAST_THE_TIMEOUTS_MS);

      backend.emit(new EventDto(1, Instant.now(), "stack.submitted", "shop", null, null, null, null, "late"));

      assertThat(http.frame()).contains("id: 1");
    }
  }

  // --- headers and body ------------------------------------------------------------------------------------------

  @Test
  void aClientThatSendsHeadersTooSlowlyGets408AndIsDisconnected() throws Exception {
    int port = start(new FakeBackend(), new HttpLimits(LONG, SHORT, LONG, 100));
    try (RawHttp http = new RawHttp(port)) {
      http.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");

      RawHttp.Response res = http.read();

      assertThat(res.status()).isEqualTo(408);
      assertThat(res.headers()).containsEntry("connection", "close");
      JsonNode error = json.readTree(res.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("request_timeout");
      assertThat(error.get("message").asText()).isEqualTo(
          "request headers not received within 300ms; the connection is closed");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyThatStopsHalfwayGets408AndIsDisconnected() throws Exception {
    int port = start(new FakeBackend(), new HttpLimits(LONG, LONG, SHORT, 100));
    try (RawHttp http = new RawHttp(port)) {
      http.write("PUT /v1/stacks/shop HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/yaml\r\n"
          + "Content-Length: 100\r\n\r\nservices:");

      RawHttp.Response res = http.read();

      assertThat(res.status()).isEqualTo(408);
      assertThat(json.readTree(res.body()).at("/error/message").asText())
          .isEqualTo("request body not received within 300ms; the connection is closed");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsGivenTheIdleTimeoutNotTheHeaderTimeout() throws Exception {
    int port = start(new FakeBackend(), new HttpLimits(LONG, SHORT, SHORT, 100));
    try (RawHttp http = new RawHttp(port)) {
      Thread.sleep(PAST_THE_TIMEOUTS_MS);

      http.write(RawHttp.get("/healthz"));

      assertThat(http.read().status()).isEqualTo(200);
    }
  }

  // --- the cap -------------------------------------------------------------------------------------------------

  @Test
  void pastTheCapTheLongestIdleConnectionMakesRoom() throws Exception {
    int port = start(new FakeBackend(), new HttpLimits(LONG, LONG, LONG, 2));
    try (RawHttp oldest = new RawHttp(port); RawHttp newer = new RawHttp(port)) {
      oldest.write(RawHttp.get("/healthz"));
      assertThat(oldest.read().status()).isEqualTo(200);
      newer.write(RawHttp.get("/healthz"));
      assertThat(newer.read().status()).isEqualTo(200);

      try (RawHttp third = new RawHttp(port)) {
        third.write(RawHttp.get("/healthz"));
        assertThat(third.read().status()).isEqualTo(200);
      }

      assertThat(oldest.closedByServer()).isTrue();
      newer.write(RawHttp.get("/healthz"));
      assertThat(newer.read().status()).isEqualTo(200);
    }
  }

  @Test
  void whenEveryConnectionIsBusyANewOneIsRefusedWith503() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.infoRelease = new CountDownLatch(1);
    int port = start(backend, new HttpLimits(LONG, LONG, LONG, 1));
    try (RawHttp busy = new RawHttp(port)) {
      busy.write(RawHttp.get("/v1/info"));
      assertThat(backend.infoEntered.await(10, TimeUnit.SECONDS)).isTrue();

      try (RawHttp refused = new RawHttp(port)) {
        // Health probes are answered past the cap (StreamLimitsTest); anything else is refused.
        refused.write(RawHttp.get("/v1/stacks"));
        RawHttp.Response res = refused.read();

        assertThat(res.status()).isEqualTo(503);
        assertThat(res.headers()).containsEntry("connection", "close");
        assertThat(json.readTree(res.body()).at("/error/message").asText())
            .isEqualTo("the agent has 1 open API connections, all busy (the cap); retry shortly");
        assertThat(refused.closedByServer()).isTrue();
      }

      backend.infoRelease.countDown();
      assertThat(busy.read().status()).isEqualTo(200);
    }
  }

  @Test
  void closedConnectionsLeaveTheCount() throws Exception {
    int port = start(new FakeBackend(), new HttpLimits(LONG, LONG, LONG, 100));
    for (int i = 0; i < 3; i++) {
      try (RawHttp http = new RawHttp(port)) {
        http.write(RawHttp.get("/healthz"));
        assertThat(http.read().status()).isEqualTo(200);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
  }
}
