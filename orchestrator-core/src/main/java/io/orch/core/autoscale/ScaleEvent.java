package io.orch.core.autoscale;

import java.time.Instant;

/** The replica count was changed from {@code from} to {@code to} at {@code at}: what the step limits count. */
public record ScaleEvent(Instant at, int from, int to) {
  int change() {
    return to - from;
  }
}
