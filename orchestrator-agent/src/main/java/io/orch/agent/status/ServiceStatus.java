package io.orch.agent.status;

import io.orch.core.plan.DependencyWait;
import io.orch.core.plan.RolloutProgress;
import io.orch.core.rollout.RolloutState;
import java.time.Instant;
import java.util.List;

/**
 * One service as of the last reconcile pass; {@code state} is its {@link ServicePhase}, {@code rollout} how far its
 * rollout is (null unless replicas run an outdated spec), {@code rolloutState} the state of its last rollout (phase,
 * updated/total, failures, why it paused or rolled back; null if it never had one); {@code waits} the depends_on
 * conditions it waits for ({@code notes} say them in words).
 */
public record ServiceStatus(
    String stack, String service, String image, int desired, int running, int healthy, boolean hasHealthcheck,
    long restarts, ServicePhase state, Instant backoffUntil, String lastError, List<String> notes,
    List<ContainerStatus> containers, RolloutProgress rollout, RolloutState rolloutState,
    List<DependencyWait> waits) {
  public ServiceStatus {
    notes = List.copyOf(notes);
    containers = List.copyOf(containers);
    waits = waits == null ? List.of() : List.copyOf(waits);
  }

  /** Without dependency waits. */
  public ServiceStatus(String stack, String service, String image, int desired, int running, int healthy,
      boolean hasHealthcheck, long restarts, ServicePhase state, Instant backoffUntil, String lastError,
      List<String> notes, List<ContainerStatus> containers, RolloutProgress rollout, RolloutState rolloutState) {
    this(stack, service, image, desired, running, healthy, hasHealthcheck, restarts, state, backoffUntil, lastError,
        notes, containers, rollout, rolloutState, List.of());
  }

  /** Without a rollout state. */
  public ServiceStatus(String stack, String service, String image, int desired, int running, int healthy,
      boolean hasHealthcheck, long restarts, ServicePhase state, Instant backoffUntil, String lastError,
      List<String> notes, List<ContainerStatus> containers, RolloutProgress rollout) {
    this(stack, service, image, desired, running, healthy, hasHealthcheck, restarts, state, backoffUntil, lastError,
        notes, containers, rollout, null);
  }

  /** Every desired replica runs, and is healthy when the service has a health check. */
  public boolean converged() {
    return running == desired && (!hasHealthcheck || healthy == desired) && containers.size() == desired;
  }
}
