package io.orch.api.server;

import io.orch.api.dto.EventDto;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where {@code GET /v1/events} gets its events: the agent's event history plus what happens next. Implementations
 * deliver on their own threads, in sequence order, and never let a slow sink hold up whoever emits events.
 */
public interface EventSource {
  /** {@code afterSeq} value that skips the history: only events emitted after subscribing. */
  long FROM_NOW = -1;

  /**
   * Delivers every event with a sequence number above {@code afterSeq} (history first, then live) that passes
   * {@code filter} to {@code sink}, until the subscription is closed. {@code onDropped} runs once if the source
   * gives up on this subscriber (it fell further behind than the history holds), after which nothing is delivered.
   */
  Subscription subscribe(long afterSeq, Predicate<EventDto> filter, Consumer<EventDto> sink, Runnable onDropped);

  /** Ends a subscription; idempotent. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** A source without events (a backend that keeps none): subscribers just get heartbeats. */
  EventSource NONE = (afterSeq, filter, sink, onDropped) -> () -> { };
}
