package io.orch.core.model;

import java.time.Duration;
import java.util.List;

/**
 * A Docker health check. {@code test} is in engine form: {@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]} or
 * {@code ["NONE"]} when disabled. Null durations/retries leave the engine default.
 */
public record HealthCheck(
    List<String> test, Duration interval, Duration timeout, Integer retries, Duration startPeriod,
    Duration startInterval) {
  public HealthCheck {
    test = Collections2.list(test);
  }

  public boolean disabled() {
    return test.isEmpty() || "NONE".equals(test.get(0));
  }
}
