package io.orch.core.restart;

import java.time.Duration;
import java.time.Instant;

/**
 * A running replica that restarted {@code inARow} times without a stable run between them: it counts as running
 * once it has been up for {@code stable} (the backoff's reset_after), at {@code settlesAt}.
 */
public record CrashLoop(String container, int inARow, Duration stable, Instant settlesAt) {
  /** "web-1: restarted 3 time(s) in a row; counts as running once up for 30s". */
  public String text() {
    return container + ": restarted " + inARow + " time(s) in a row; counts as running once up for "
        + DurationText.of(stable);
  }
}
