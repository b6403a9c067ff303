package io.orch.agent.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * How a pass ended, for the loop: when the stack wants another pass regardless of events ({@code again}), and whether
 * an action failed ({@code retryWithBackoff}): then the stack is queued again with a growing, per-stack delay instead,
 * so a refused create or a name held by a foreign container is retried at 0.2s, 0.4s, 0.8s... up to 30s, not in a
 * tight loop.
 */
public record PassResult(Optional<Duration> again, boolean retryWithBackoff) {
  public static final PassResult IDLE = new PassResult(Optional.empty(), false);

  public static PassResult after(Duration delay) {
    return new PassResult(Optional.of(delay), false);
  }
}
