package io.orch.agent.status;

import java.util.Locale;

/**
 * Where a service stands, as of the last pass. Decided from typed facts (counts, the planner's flags, the stored
 * stack), never from message text; {@link #wire()} is the lower-case word of the API and CLI.
 */
public enum ServicePhase {
  /** Replicas are being created, started or replaced. */
  CONVERGING,
  /** Every desired replica runs (and is healthy, if checked). */
  RUNNING,
  /**
   * Every desired replica runs, but a port the service publishes is not served: orch's ingress cannot bind it (another
   * program holds it). The last error says which port and why; it turns running once the port is bound.
   */
  DEGRADED,
  /** A depends_on condition is not met yet. */
  WAITING,
  /** A replica waits out a restart backoff. */
  BACKING_OFF,
  /** Replicas run an outdated spec and are replaced step by step. */
  ROLLING_OUT,
  /** Its rollout paused (failures past max_failure_ratio): `orch up` resumes it, `orch rollback` undoes it. */
  PAUSED,
  /** {@code max_attempts} is exhausted. */
  FAILED,
  /** A one-shot service (restart no/on-failure) whose replicas all exited 0. */
  COMPLETED,
  /** Its service or stack is being removed. */
  REMOVING,
  /** Labelled objects of a stack this agent does not hold. */
  UNMANAGED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
