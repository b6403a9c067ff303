package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams are capped per client and in total, anonymous callers lower than token holders, so streams can never take
 * every connection; past the cap a new stream gets 429 with Retry-After and the listener hears of it; health probes
 * answer even when every connection is busy (issue 19 item 2).
 */
class StreamLimitsTest {
  private static final String TOKEN = "s3cret-token-for-tests";
  private static final Duration LONG = Duration.ofMinutes(10);
  /** 64 connections: anonymous 2 per client / 8 in all, token holders 8 per client / 32 in all. */
  private static final HttpLimits LIMITS = new HttpLimits(LONG, LONG, LONG, 64);

  private final ObjectMapper json = new ObjectMapper();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private ApiServer server;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private int start(OrchBackend backend, String token, HttpLimits limits) throws InterruptedException {
    RequestListener listener = new RequestListener() {
      @Override
      public void onRequest(String method, String route, int status, Duration duration) {}

      @Override
      public void onStreamsRefused(String message) {
        refusals.add(message);
      }
    };
    server = new ApiServer(new ApiConfig("127.0.0.1", 0, token).withLimits(limits), backend, listener, null)
        .eventHeartbeat(Duration.ofHours(1));
    return server.start();
  }

  private ChunkedHttp stream(int port, String... headers) throws Exception {
    ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events", headers));
    open.add(http);
    return http;
  }

  @Test
  void defaultQuotasStayBelowTheConnectionCapAndAnonymousBelowTokenHolders() {
    StreamLimiter limiter = StreamLimiter.forConnections(HttpLimits.DEFAULTS.maxConnections());
    StreamLimiter.Quota anonymous = limiter.quota(StreamLimiter.Caller.ANONYMOUS);
    StreamLimiter.Quota token = limiter.quota(StreamLimiter.Caller.TOKEN_HOLDER);

    assertThat(anonymous.total() + token.total()).isLessThan(HttpLimits.DEFAULTS.maxConnections());
    assertThat(anonymous.perClient()).isLessThan(token.perClient());
    assertThat(anonymous.total()).isLessThan(token.total());
  }

  @Test
  void pastTheAnonymousPerClientCapANewStreamGets429WithRetryAfterAndTheConnectionCloses() throws Exception {
    StreamingBackend backend = new StreamingBackend();
    int port = start(backend, null, LIMITS);
    for (int i = 0; i < 2; i++) {
      assertThat(stream(port).status).isEqualTo(200);
    }

    ChunkedHttp refused = stream(port);

    assertThat(refused.status).isEqualTo(429);
    assertThat(refused.headers).containsEntry("retry-after", "10").containsEntry("connection", "close");
    assertThat(backend.live).hasSize(2);
    assertThat(refusals).singleElement().asString().contains("refused a stream with 429")
        .contains("2 unauthenticated streams (event streams, followed logs) are open from 127.0.0.1");
  }

  @Test
  void theRefusalNamesTheCapAndTheWayOut() throws Exception {
    int port = start(new StreamingBackend(), TOKEN, LIMITS);
    stream(port);
    stream(port);
    try (RawHttp http = new RawHttp(port)) {
      http.write(RawHttp.get("/v1/events"));
      RawHttp.Response res = http.read();

      assertThat(res.status()).isEqualTo(429);
      assertThat(json.readTree(res.body()).at("/error/code").asText()).isEqualTo("too_many_streams");
      assertThat(json.readTree(res.body()).at("/error/message").asText()).isEqualTo("2 unauthenticated streams"
          + " (event streams, followed logs) are open from 127.0.0.1 (the cap per client); close streams you no"
          + " longer read, or send the agent's token ('Authorization: Bearer <token>'), whose holders have a larger"
          + " share; retry after 10s");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aTokenHolderStillOpensStreamsWhileAnonymousOnesAreRefused() throws Exception {
    StreamingBackend backend = new StreamingBackend();
    int port = start(backend, TOKEN, LIMITS);
    for (int i = 0; i < 5; i++) {
      stream(port);
    }

    for (int i = 0; i < 8; i++) {
      assertThat(stream(port, "Authorization: Bearer " + TOKEN).status).as("token holder's stream %d", i)
          .isEqualTo(200);
    }
    assertThat(stream(port, "Authorization: Bearer " + TOKEN).status).as("past the token holder's cap")
        .isEqualTo(429);
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.live.size() == 10);
  }

  @Test
  void aClosedStreamGivesItsPlaceBack() throws Exception {
    StreamingBackend backend = new StreamingBackend();
    int port = start(backend, null, LIMITS);
    ChunkedHttp first = stream(port);
    stream(port);
    assertThat(stream(port).status).isEqualTo(429);

    first.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.live.size() == 1);

    assertThat(stream(port).status).isEqualTo(200);
  }

  @Test
  void refusalsAreReportedOnceThenAtMostOnceAMinute() throws Exception {
    int port = start(new StreamingBackend(), null, LIMITS);
    stream(port);
    stream(port);
    for (int i = 0; i < 20; i++) {
      assertThat(stream(port).status).isEqualTo(429);
    }
    assertThat(refusals).hasSize(1);
  }

  @Test
  void healthProbesAnswerEvenWhenEveryConnectionIsBusy() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.infoRelease = new CountDownLatch(1);
    int port = start(backend, null, new HttpLimits(LONG, LONG, LONG, 1));
    try (RawHttp busy = new RawHttp(port)) {
      busy.write(RawHttp.get("/v1/info"));
      assertThat(backend.infoEntered.await(10, TimeUnit.SECONDS)).isTrue();

      for (String probe : List.of("/healthz", "/readyz")) {
        try (RawHttp past = new RawHttp(port)) {
          past.write(RawHttp.get(probe));
          RawHttp.Response res = past.read();

          assertThat(res.status()).as(probe).isEqualTo(200);
          assertThat(json.readTree(res.body()).at("/status").asText()).as(probe).isEqualTo("ok");
          assertThat(past.closedByServer()).isTrue();
        }
      }
      backend.infoRelease.countDown();
      assertThat(busy.read().status()).isEqualTo(200);
    }
  }
}
