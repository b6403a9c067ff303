package io.orch.agent.reconcile;

import java.time.Duration;

/** Durations the way people read them in messages: 450ms, 4s, 1m30s. */
final class Durations {
  private Durations() {}

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return (ms % 1000 == 0 ? String.valueOf(s) : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0)) + "s";
    }
    return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
  }
}
