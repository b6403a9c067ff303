package io.orch.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Locale;

/**
 * A service's last rollout: {@code phase} ({@code rolling_out}, {@code paused}, {@code rollback_requested},
 * {@code rolling_back}, {@code rolled_back}, {@code completed}), how many replicas run the new spec and have been
 * ready for monitor ({@code updated} of {@code total}), the failed runs of new replicas counted, and why it paused or
 * rolled back ({@code reason}, else null).
 */
public record RolloutDto(Phase phase, int updated, int total, int failures, String reason, Instant startedAt) {
  /** Where the rollout stands; on the wire the lower-case word (as before it was an enum). */
  public enum Phase {
    @JsonProperty("rolling_out") ROLLING_OUT,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("rollback_requested") ROLLBACK_REQUESTED,
    @JsonProperty("rolling_back") ROLLING_BACK,
    @JsonProperty("rolled_back") ROLLED_BACK,
    @JsonProperty("completed") COMPLETED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return wire();
    }
  }

  /** The rollout stopped without the new spec running everywhere: the user has to act. */
  public boolean stuck() {
    return phase == Phase.PAUSED || phase == Phase.ROLLED_BACK;
  }

  /** Replicas are still being replaced. */
  public boolean underWay() {
    return phase == Phase.ROLLING_OUT || phase == Phase.ROLLING_BACK || phase == Phase.ROLLBACK_REQUESTED;
  }
}
