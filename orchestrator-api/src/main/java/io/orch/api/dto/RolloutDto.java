package io.orch.api.dto;

import java.time.Instant;

/**
 * A service's last rollout: {@code phase} ({@code rolling_out}, {@code paused}, {@code rollback_requested},
 * {@code rolling_back}, {@code rolled_back}, {@code completed}), how many replicas run the new spec and have been
 * ready for monitor ({@code updated} of {@code total}), the failed runs of new replicas counted, and why it paused or
 * rolled back ({@code reason}, else null).
 */
public record RolloutDto(String phase, int updated, int total, int failures, String reason, Instant startedAt) {
  /** The rollout stopped without the new spec running everywhere: the user has to act. */
  public boolean stuck() {
    return "paused".equals(phase) || "rolled_back".equals(phase);
  }

  /** Replicas are still being replaced. */
  public boolean underWay() {
    return "rolling_out".equals(phase) || "rolling_back".equals(phase) || "rollback_requested".equals(phase);
  }
}
