package io.orch.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.EventDto;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events} as Server-Sent Events: one {@code id/event/data} frame per event, flushed at once, and a
 * {@code : ping} comment every {@code heartbeat} so idle proxies keep the connection. A client that stops reading
 * is disconnected rather than buffered without bound; it resumes with {@code Last-Event-ID}.
 */
final class EventStreamBody implements StreamingBody {
  private static final Logger log = LoggerFactory.getLogger(EventStreamBody.class);
  /** How long an EventSource client waits before reconnecting (the SSE {@code retry:} field). */
  static final Duration CLIENT_RETRY = Duration.ofSeconds(1);

  private final EventSource source;
  private final long afterSeq;
  private final Predicate<EventDto> filter;
  private final ObjectMapper mapper;
  private final Duration heartbeat;

  EventStreamBody(EventSource source, long afterSeq, Predicate<EventDto> filter, ObjectMapper mapper,
      Duration heartbeat) {
    this.source = source;
    this.afterSeq = afterSeq;
    this.filter = filter;
    this.mapper = mapper;
    this.heartbeat = heartbeat;
  }

  @Override
  public AutoCloseable open(ChunkWriter out) {
    out.write("retry: " + CLIENT_RETRY.toMillis() + "\n\n");
    EventSource.Subscription subscription = source.subscribe(afterSeq, filter, e -> send(out, e), () -> {
      log.info("event subscriber fell behind the history; disconnecting it");
      out.abort();
    });
    long every = heartbeat.toMillis();
    ScheduledFuture<?> ping = out.scheduler().scheduleAtFixedRate(() -> out.write(": ping\n\n"), every, every,
        TimeUnit.MILLISECONDS);
    return () -> {
      ping.cancel(false);
      subscription.close();
    };
  }

  private void send(ChunkWriter out, EventDto e) {
    if (!out.isWritable()) {
      // Never buffer without bound for a client that does not read: drop it; it can resume from the history.
      log.info("event client is not reading (send buffer full); disconnecting it at seq {}", e.seq());
      out.abort();
      return;
    }
    out.write(frame(e));
  }

  String frame(EventDto e) {
    try {
      // Jackson escapes line breaks inside strings, so the JSON is one line: a valid single data: field.
      return "id: " + e.seq() + "\nevent: " + e.type() + "\ndata: " + mapper.writeValueAsString(e) + "\n\n";
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
