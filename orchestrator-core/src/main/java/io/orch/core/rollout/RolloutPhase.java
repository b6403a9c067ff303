package io.orch.core.rollout;

import java.util.Locale;

/**
 * Where a service's rollout stands. {@link #wire()} is the lower-case word of the API, the CLI and the events.
 * {@code ROLLBACK_REQUESTED} lasts one pass: the planner asks for the previous spec, and the agent swaps it in and
 * goes on with {@code ROLLING_BACK}.
 */
public enum RolloutPhase {
  /** Outdated replicas are replaced per update_config. */
  ROLLING_OUT,
  /** Past max_failure_ratio with failure_action pause: no more replicas are replaced until `orch up` or rollback. */
  PAUSED,
  /** Past max_failure_ratio with failure_action rollback: the previous spec is to be swapped in. */
  ROLLBACK_REQUESTED,
  /** The previous spec is rolled out again per rollback_config. */
  ROLLING_BACK,
  /** The rollback finished: every replica runs the previous spec again. */
  ROLLED_BACK,
  /** Every replica runs the new spec and has been ready for monitor. */
  COMPLETED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Replicas are still being replaced. */
  public boolean active() {
    return this == ROLLING_OUT || this == ROLLING_BACK;
  }
}
