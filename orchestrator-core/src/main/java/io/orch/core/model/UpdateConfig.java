package io.orch.core.model;

import java.time.Duration;

/** Swarm's update_config / rollback_config, with Swarm's defaults. */
public record UpdateConfig(
    int parallelism, Duration delay, FailureAction failureAction, Duration monitor, double maxFailureRatio,
    Order order) {
  public enum FailureAction {
    PAUSE, CONTINUE, ROLLBACK;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum Order {
    STOP_FIRST, START_FIRST;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public static final UpdateConfig DEFAULT =
      new UpdateConfig(1, Duration.ZERO, FailureAction.PAUSE, Duration.ofSeconds(5), 0.0, Order.STOP_FIRST);
}
