package io.orch.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces out retries of a failing image pull (5 s doubling to 5 min), so an unreachable registry gives a clear
 * service error instead of a pull storm on every event.
 */
final class PullBackoff {
  private static final Duration FIRST = Duration.ofSeconds(5);
  private static final Duration MAX = Duration.ofMinutes(5);

  private record Failure(int count, Instant nextTry) {}

  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  boolean mayTry(String image, Instant now) {
    Failure f = failures.get(image);
    return f == null || !now.isBefore(f.nextTry());
  }

  Duration failed(String image, Instant now) {
    Failure previous = failures.get(image);
    int count = previous == null ? 1 : previous.count() + 1;
    Duration wait = FIRST.multipliedBy(1L << Math.min(count - 1, 10));
    if (wait.compareTo(MAX) > 0) {
      wait = MAX;
    }
    failures.put(image, new Failure(count, now.plus(wait)));
    return wait;
  }

  void succeeded(String image) {
    failures.remove(image);
  }

  /** When the given image may be tried again, if it is backing off. */
  Optional<Instant> nextTry(String image) {
    return Optional.ofNullable(failures.get(image)).map(Failure::nextTry);
  }
}
