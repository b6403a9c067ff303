package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.client.EventFollower;
import io.orch.api.client.OrchClient;
import io.orch.api.client.OrchClientException;
import io.orch.api.dto.EventDto;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/events} (Server-Sent Events) and {@code GET .../logs} against an in-memory backend. */
class StreamingRoutesTest {
  private static final Instant T = Instant.parse("2026-11-26T22:40:01Z");

  private final ObjectMapper json = new ObjectMapper();
  private final StreamingBackend backend = new StreamingBackend();
  private ApiServer server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = new ApiServer(new ApiConfig("127.0.0.1", 0, null), backend).eventHeartbeat(Duration.ofMillis(200));
    port = server.start();
    backend.emit(event(1, "stack.submitted", "shop", null, null));
    backend.emit(event(2, "container.started", "shop", "web", "shop-web-1"));
    backend.emit(event(3, "container.exited", "shop", "web", "shop-web-1"));
    backend.emit(event(4, "container.started", "other", "db", "other-db-1"));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static EventDto event(long seq, String type, String stack, String service, String container) {
    return new EventDto(seq, T.plusSeconds(seq), type, stack, service, container == null ? null : 1, container,
        type.equals("container.exited") ? "exit" : null, type + " #" + seq);
  }

  // --- events ---------------------------------------------------------------------------------------------------

  @Test
  void streamsEventsAsServerSentEventFrames() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events?since=0"))) {
      assertThat(http.status).isEqualTo(200);
      assertThat(http.headers).containsEntry("content-type", "text/event-stream")
          .containsEntry("transfer-encoding", "chunked").containsEntry("cache-control", "no-cache")
          .doesNotContainKey("content-length");
      assertThat(http.frame()).isEqualTo("retry: 1000\n\n");

      String frame = http.frame();
      String[] lines = frame.split("\n");
      assertThat(lines[0]).isEqualTo("id: 1");
      assertThat(lines[1]).isEqualTo("event: stack.submitted");
      JsonNode data = json.readTree(lines[2].substring("data: ".length()));
      assertThat(data.get("seq").asLong()).isEqualTo(1);
      assertThat(data.get("type").asText()).isEqualTo("stack.submitted");
      assertThat(data.get("stack").asText()).isEqualTo("shop");
      assertThat(data.get("time").asText()).isEqualTo("2026-11-26T22:40:02Z");
      assertThat(data.has("service")).isTrue();
      assertThat(frame).endsWith("\n\n");
      assertThat(ids(http, 3)).containsExactly(2L, 3L, 4L);

      backend.emit(event(5, "container.restarted", "shop", "web", "shop-web-1"));
      assertThat(ids(http, 1)).containsExactly(5L);
    }
  }

  @Test
  void withoutSinceOnlyNewEventsArrive() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events"))) {
      http.frame(); // retry
      awaitSubscribers(1);
      backend.emit(event(5, "container.restarted", "shop", "web", "shop-web-1"));
      assertThat(ids(http, 1)).containsExactly(5L);
    }
  }

  @Test
  void filtersByStackServiceAndTypePrefix() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port,
        ChunkedHttp.get("/v1/events?since=0&stack=shop&service=web&type=container"))) {
      http.frame();
      assertThat(ids(http, 2)).containsExactly(2L, 3L);
    }
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events?since=0&type=container.exited,stack"))) {
      http.frame();
      assertThat(ids(http, 2)).containsExactly(1L, 3L);
    }
    // "contain" is not a prefix of a dotted segment: it matches nothing.
    assertThat(EventFilter.of(null, null, "contain").test(event(2, "container.started", "shop", "web", "x")))
        .isFalse();
  }

  @Test
  void resumesAfterLastEventIdWhichWinsOverSince() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events?since=0", "Last-Event-ID: 2"))) {
      http.frame();
      assertThat(ids(http, 2)).containsExactly(3L, 4L);
    }
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events?since=3"))) {
      http.frame();
      assertThat(ids(http, 1)).containsExactly(4L);
    }
  }

  @Test
  void sendsHeartbeatCommentsWhileIdle() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events"))) {
      http.frame();
      assertThat(http.frame()).isEqualTo(": ping\n\n");
      assertThat(http.frame()).isEqualTo(": ping\n\n");
    }
  }

  @Test
  void unsubscribesWhenTheClientGoesAway() throws Exception {
    ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events"));
    http.frame();
    awaitSubscribers(1);

    http.close();

    assertThat(backend.subscriptionClosed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(backend.live).isEmpty();
  }

  @Test
  void rejectsAMalformedResumePointWithJson400() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events?since=abc"))) {
      assertThat(http.status).isEqualTo(400);
      JsonNode error = json.readTree(http.readLengthBody()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("bad_request");
      assertThat(error.get("message").asText()).contains("since");
    }
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events", "Last-Event-ID: -4"))) {
      assertThat(http.status).isEqualTo(400);
    }
  }

  @Test
  void clientParsesEventsAndResumesAfterADrop() throws Exception {
    OrchClient client = new OrchClient(URI.create("http://127.0.0.1:" + port), null, Duration.ofSeconds(5));
    List<EventDto> seen = new ArrayList<>();
    client.streamEvents(1, "shop", null, null, e -> {
      seen.add(e);
      return e.seq() < 3;
    });
    assertThat(seen).extracting(EventDto::seq).containsExactly(2L, 3L);
    assertThat(seen.get(1)).isEqualTo(event(3, "container.exited", "shop", "web", "shop-web-1"));

    // The follower resumes after a drop from the last id it saw: nothing is lost, nothing repeated.
    BlockingQueue<EventDto> followed = new LinkedBlockingQueue<>();
    List<String> reconnects = new ArrayList<>();
    EventFollower follower = new EventFollower(client, Duration.ofMillis(50), reconnects::add);
    CompletableFuture<Long> done = CompletableFuture.supplyAsync(() -> {
      try {
        return follower.follow(0, null, null, null, e -> {
          followed.add(e);
          return e.seq() < 6;
        });
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    for (long want = 1; want <= 4; want++) {
      assertThat(followed.poll(10, TimeUnit.SECONDS)).extracting(EventDto::seq).isEqualTo(want);
    }
    server.stop(); // the connection drops; events happen meanwhile
    backend.emit(event(5, "container.exited", "shop", "web", "shop-web-2"));
    server = new ApiServer(new ApiConfig("127.0.0.1", port, null), backend);
    server.start();
    backend.emit(event(6, "container.restarted", "shop", "web", "shop-web-2"));
    assertThat(followed.poll(10, TimeUnit.SECONDS)).extracting(EventDto::seq).isEqualTo(5L);
    assertThat(followed.poll(10, TimeUnit.SECONDS)).extracting(EventDto::seq).isEqualTo(6L);
    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(6L);
    assertThat(reconnects).isNotEmpty();
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedInsteadOfBufferedWithoutBound() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/events"))) {
      awaitSubscribers(1);
      String big = "x".repeat(16 * 1024);
      // ~50 MiB for a client that reads nothing: more than socket buffers and the 8 MiB send limit together.
      for (int i = 5; i < 5 + 3_200 && !backend.live.isEmpty(); i++) {
        backend.emit(new EventDto(i, T, "container.started", "shop", "web", 1, "shop-web-1", null, big));
      }
      assertThat(backend.subscriptionClosed.await(10, TimeUnit.SECONDS)).as("slow client dropped").isTrue();
    }
  }

  @Test
  void aStreamOutlivesTheClientsRequestTimeout() throws Exception {
    OrchClient client = new OrchClient(URI.create("http://127.0.0.1:" + port), null, Duration.ofMillis(500));
    CompletableFuture<EventDto> got = new CompletableFuture<>();
    CompletableFuture.runAsync(() -> client.streamEvents(4, null, null, null, e -> !got.complete(e)));
    Thread.sleep(1_500); // three times the client's timeout: only the wait for the response head is bounded
    backend.emit(event(5, "container.restarted", "shop", "web", "shop-web-1"));
    assertThat(got.get(10, TimeUnit.SECONDS).seq()).isEqualTo(5L);
  }

  // --- logs -----------------------------------------------------------------------------------------------------

  @Test
  void streamsLogLinesPrefixedWithTheReplicaAndEndsWithTheLogs() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port,
        ChunkedHttp.get("/v1/stacks/shop/services/web/logs?follow=true&tail=5"))) {
      assertThat(http.status).isEqualTo(200);
      assertThat(http.headers).containsEntry("transfer-encoding", "chunked")
          .containsEntry("content-type", "text/plain; charset=utf-8");
      awaitLogSink();
      assertThat(backend.logsAsked).isEqualTo("shop/web follow=true tail=5");
      backend.logLine("shop-web-1", "stdout", "hello");
      assertThat(http.chunk()).isEqualTo("web-1 | hello\n");
      backend.logLine("shop-web-2", "stderr", "oops");
      assertThat(http.chunk()).isEqualTo("web-2 | oops\n");
      backend.logSink.end(null);
      assertThat(http.chunk()).isNull();
    }
    assertThat(backend.logsClosed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void streamsLogLinesAsNdjson() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/stacks/shop/services/web/logs?format=json"))) {
      assertThat(http.headers).containsEntry("content-type", "application/x-ndjson");
      awaitLogSink();
      assertThat(backend.logsAsked).isEqualTo("shop/web follow=false tail=-1");
      backend.logLine("shop-web-2", "stderr", "oops");
      backend.logSink.end(null);
      JsonNode line = json.readTree(http.rest().strip());
      assertThat(line.get("container").asText()).isEqualTo("shop-web-2");
      assertThat(line.get("stream").asText()).isEqualTo("stderr");
      assertThat(line.get("line").asText()).isEqualTo("oops");
      assertThat(line.get("time").asText()).isEqualTo("2025-01-02T03:04:05Z");
    }
  }

  @Test
  void stopsTheLogStreamWhenTheClientGoesAway() throws Exception {
    ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/stacks/shop/services/web/logs?follow=true"));
    awaitLogSink();
    http.close();
    assertThat(backend.logsClosed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void answersTheNextRequestOnTheConnectionAfterAFinishedLogStream() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/stacks/shop/services/web/logs")
        + ChunkedHttp.get("/healthz"))) {
      awaitLogSink();
      backend.logLine("shop-web-1", "stdout", "only line");
      backend.logSink.end(null);
      assertThat(http.rest()).isEqualTo("web-1 | only line\n");
      http.readHead();
      assertThat(http.status).isEqualTo(200);
      assertThat(http.readLengthBody()).contains("ok");
    }
  }

  /** The head waits for the replicas to be listed: an engine that does not answer is a 503, not a 200 with "error". */
  @Test
  void logsOfAnEngineThatDoesNotAnswerAre503() throws Exception {
    backend.logsFailure = ApiException.unavailable("the Docker Engine does not answer: container.list: no answer"
        + " from the Docker Engine within 30s");
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/stacks/shop/services/web/logs")
        + ChunkedHttp.get("/healthz"))) {
      assertThat(http.status).isEqualTo(503);
      assertThat(http.readLengthBody()).contains("does not answer");
      http.readHead();
      assertThat(http.status).isEqualTo(200);
      assertThat(http.readLengthBody()).contains("ok");
    }
  }

  @Test
  void unknownServiceLogsAre404() {
    OrchClient client = new OrchClient(URI.create("http://127.0.0.1:" + port), null, Duration.ofSeconds(5));
    assertThatThrownBy(() -> client.streamLogs("shop", "nope", false, 10, false, l -> true))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.code()).isEqualTo("not_found");
        });
  }

  @Test
  void badTailIs400() throws Exception {
    try (ChunkedHttp http = new ChunkedHttp(port, ChunkedHttp.get("/v1/stacks/shop/services/web/logs?tail=-2"))) {
      assertThat(http.status).isEqualTo(400);
      assertThat(http.readLengthBody()).contains("tail");
    }
  }

  private void awaitLogSink() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (backend.logSink == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(backend.logSink).as("backend asked for logs").isNotNull();
  }

  private void awaitSubscribers(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (backend.live.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(backend.live).hasSize(n);
  }

  /** Reads the event ids of the next {@code n} event frames, skipping heartbeats. */
  private static List<Long> ids(ChunkedHttp http, int n) throws Exception {
    List<Long> ids = new ArrayList<>();
    while (ids.size() < n) {
      String frame = http.frame();
      if (frame.startsWith("id: ")) {
        ids.add(Long.parseLong(frame.substring(4, frame.indexOf('\n'))));
      }
    }
    return ids;
  }
}
