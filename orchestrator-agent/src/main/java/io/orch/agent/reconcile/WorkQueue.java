package io.orch.agent.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A queue of stack names with client-go's workqueue semantics: a name is queued at most once ("dirty"); a name that is
 * being processed is never handed out twice, and if it is added meanwhile it runs once more after {@link #done}. Names
 * can be added after a delay (a restart backoff ending) or rate-limited after a failure (per-name exponential backoff).
 *
 * <p>Hand-written (about 100 lines) because the Java port of client-go's queue comes with a whole Kubernetes client.
 */
public final class WorkQueue {
  private static final Duration FAILURE_BASE = Duration.ofMillis(200);
  private static final Duration FAILURE_MAX = Duration.ofSeconds(30);

  private final Clock clock;
  private final Deque<String> ready = new ArrayDeque<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Instant> delayed = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private boolean shutDown;

  public WorkQueue(Clock clock) {
    this.clock = clock;
  }

  public synchronized void add(String key) {
    if (shutDown || dirty.contains(key)) {
      return;
    }
    dirty.add(key);
    delayed.remove(key);
    if (!processing.contains(key)) {
      ready.addLast(key);
      notifyAll();
    }
  }

  /** Adds the key once {@code delay} has passed; an earlier pending delay for the same key wins. */
  public synchronized void addAfter(String key, Duration delay) {
    if (shutDown) {
      return;
    }
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    Instant due = clock.instant().plus(delay);
    delayed.merge(key, due, (a, b) -> a.isBefore(b) ? a : b);
    notifyAll();
  }

  /** Adds the key after this key's failure backoff (200 ms doubling to 30 s), which {@link #forget} resets. */
  public synchronized void addRateLimited(String key) {
    int n = failures.merge(key, 1, Integer::sum);
    addAfter(key, failureDelay(n));
  }

  static Duration failureDelay(int failures) {
    int shift = Math.min(failures - 1, 20);
    Duration d = FAILURE_BASE.multipliedBy(1L << shift);
    return d.compareTo(FAILURE_MAX) > 0 ? FAILURE_MAX : d;
  }

  public synchronized void forget(String key) {
    failures.remove(key);
  }

  /** Blocks until a key is ready and marks it as processing; empty once the queue is shut down. */
  public synchronized Optional<String> take() throws InterruptedException {
    while (true) {
      promoteDue();
      if (shutDown) {
        return Optional.empty();
      }
      String key = ready.pollFirst();
      if (key != null) {
        dirty.remove(key);
        processing.add(key);
        return Optional.of(key);
      }
      long waitMillis = nextDueMillis();
      if (waitMillis < 0) {
        wait();
      } else {
        wait(Math.max(1, waitMillis));
      }
    }
  }

  /** Non-blocking {@link #take}, for tests. */
  public synchronized Optional<String> poll() {
    promoteDue();
    String key = ready.pollFirst();
    if (key == null) {
      return Optional.empty();
    }
    dirty.remove(key);
    processing.add(key);
    return Optional.of(key);
  }

  public synchronized void done(String key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      ready.addLast(key);
      notifyAll();
    }
  }

  public synchronized int length() {
    return ready.size();
  }

  public synchronized void shutDown() {
    shutDown = true;
    notifyAll();
  }

  private void promoteDue() {
    Instant now = clock.instant();
    var due = delayed.entrySet().stream().filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
    for (String key : due) {
      delayed.remove(key);
      add(key);
    }
  }

  private long nextDueMillis() {
    Instant now = clock.instant();
    return delayed.values().stream().min(Instant::compareTo)
        .map(t -> Duration.between(now, t).toMillis()).orElse(-1L);
  }
}
