package io.orch.api.client;

import io.orch.api.dto.EventDto;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows the agent's events across dropped connections and agent restarts: after a drop it waits {@code retry}
 * and resumes with {@code Last-Event-ID} = the last sequence number it saw, so the agent replays what happened in
 * between from its history.
 */
public final class EventFollower {
  private final OrchClient client;
  private final Duration retry;
  private final Consumer<String> onReconnect;

  /** {@code onReconnect} hears why the stream dropped, before each retry (e.g. to tell a CLI user). */
  public EventFollower(OrchClient client, Duration retry, Consumer<String> onReconnect) {
    this.client = client;
    this.retry = retry;
    this.onReconnect = onReconnect;
  }

  /**
   * Hands events after {@code afterSeq} (negative: only new ones) to {@code handler} until it returns false;
   * returns the last sequence number handled.
   */
  public long follow(long afterSeq, String stack, String service, String type, Predicate<EventDto> handler)
      throws InterruptedException {
    long[] last = {afterSeq};
    boolean[] stopped = {false};
    while (true) {
      try {
        client.streamEvents(last[0], stack, service, type, e -> {
          last[0] = e.seq();
          if (!handler.test(e)) {
            stopped[0] = true;
            return false;
          }
          return true;
        });
        if (stopped[0]) {
          return last[0];
        }
        onReconnect.accept("the agent ended the event stream");
      } catch (UncheckedIOException | AgentUnreachableException e) {
        onReconnect.accept(e.getMessage());
      }
      Thread.sleep(retry.toMillis());
    }
  }
}
