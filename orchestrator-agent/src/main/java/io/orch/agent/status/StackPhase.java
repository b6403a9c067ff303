package io.orch.agent.status;

import java.util.Locale;

/**
 * Where a whole stack stands, as {@code orch ls} and {@code GET /v1/stacks} show it: decided from its services'
 * {@link ServicePhase}s, the worst first (a failed service says more than a converging one). {@link #wire()} is the
 * lower-case word of the API.
 */
public enum StackPhase {
  /** Every service reached its desired state. */
  RUNNING,
  /** Some service is still being created, started, replaced, or waits (dependencies, a backoff). */
  CONVERGING,
  /** Some service's replicas run but a port it publishes is not served. */
  DEGRADED,
  /** Some service replaces replicas that run an outdated spec. */
  ROLLING_OUT,
  /** Some service's rollout paused. */
  PAUSED,
  /** Some service failed (max_attempts exhausted, or a failure that will not fix itself). */
  FAILED,
  /** The stack is being removed. */
  REMOVING,
  /** Labelled objects of a stack this agent does not hold. */
  UNMANAGED,
  /** Its stored file cannot be read: its containers are left alone. */
  UNREADABLE;

  /** The phase of a stack whose file could be read, from its last status. */
  public static StackPhase of(StackStatus s) {
    if (s.deleting()) {
      return REMOVING;
    }
    for (ServicePhase worst : new ServicePhase[] {ServicePhase.FAILED, ServicePhase.PAUSED, ServicePhase.ROLLING_OUT,
        ServicePhase.UNMANAGED, ServicePhase.DEGRADED}) {
      if (s.services().stream().anyMatch(x -> x.state() == worst)) {
        return valueOf(worst.name());
      }
    }
    return s.converged() ? RUNNING : CONVERGING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
