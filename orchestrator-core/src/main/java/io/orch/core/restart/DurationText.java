package io.orch.core.restart;

import java.time.Duration;

/** Short human text for durations in causes and notes: "4s", "1m30s", "250ms". */
public final class DurationText {
  private DurationText() {}

  public static String of(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "0s";
    }
    if (d.toMillis() < 1000) {
      return Math.max(1, d.toMillis()) + "ms";
    }
    long seconds = (d.toMillis() + 999) / 1000; // round up: "in 4s" must not promise earlier than true
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    StringBuilder text = new StringBuilder();
    if (h > 0) {
      text.append(h).append('h');
    }
    if (m > 0) {
      text.append(m).append('m');
    }
    if (s > 0 || text.length() == 0) {
      text.append(s).append('s');
    }
    return text.toString();
  }
}
