package io.orch.core.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The restarts orch performed on one replica (one container name per slot): how many in all, how many since the
 * backoff last reset, and when (for {@code max_attempts} within {@code window}). Immutable: the stack reconciler folds
 * each restart that happened into a new one, and the agent stores it so a restarted agent remembers a crash loop.
 */
public record RestartHistory(int total, int sinceReset, List<Instant> times) {
  // Restart times are kept for window counting; a cap keeps a replica restarting forever from growing without bound.
  static final int KEPT_TIMES = 1024;

  public static final RestartHistory NONE = new RestartHistory(0, 0, List.of());

  public RestartHistory {
    times = List.copyOf(times);
  }

  /** After one more restart at {@code at}; {@code backoffReset} when the run before it was stable. */
  public RestartHistory restarted(Instant at, boolean backoffReset) {
    List<Instant> kept = new ArrayList<>(times);
    kept.add(at);
    if (kept.size() > KEPT_TIMES) {
      kept.remove(0);
    }
    return new RestartHistory(total + 1, (backoffReset ? 0 : sinceReset) + 1, kept);
  }

  /** Restarts within {@code window} before {@code now}, or all of them without a window. */
  public int countedRestarts(Duration window, Instant now) {
    if (window == null) {
      return total;
    }
    Instant from = now.minus(window);
    return (int) times.stream().filter(t -> t.isAfter(from)).count();
  }
}
