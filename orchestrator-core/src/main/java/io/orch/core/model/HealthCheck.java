package io.orch.core.model;

import java.time.Duration;
import java.util.List;

/**
 * A Docker health check. {@code test} is in engine form: {@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]} or
 * {@code ["NONE"]} when disabled; empty when the file gives timing but no test, so the image's own HEALTHCHECK test
 * runs with the file's timing (the engine fills in what the container's config leaves out, as Compose relies on).
 * Null durations/retries leave the engine (or image) default.
 */
public record HealthCheck(
    List<String> test, Duration interval, Duration timeout, Integer retries, Duration startPeriod,
    Duration startInterval) {
  public HealthCheck {
    test = Collections2.list(test);
  }

  /**
   * True when the file declares no test that runs: NONE, or the image's test inherited. Whether an inherited test
   * exists is the image's business, so orch then goes by the health the engine reports, as without a healthcheck.
   */
  public boolean disabled() {
    return test.isEmpty() || "NONE".equals(test.get(0));
  }

  /** Timing only: the image's own test runs with it. */
  public boolean inheritsTest() {
    return test.isEmpty();
  }
}
