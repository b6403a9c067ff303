package io.orch.agent.status;

import io.orch.core.plan.RolloutProgress;
import java.time.Instant;
import java.util.List;

/**
 * One service as of the last reconcile pass; {@code state} is its {@link ServicePhase}, {@code rollout} how far its
 * rollout is (null unless replicas run an outdated spec).
 */
public record ServiceStatus(
    String stack, String service, String image, int desired, int running, int healthy, boolean hasHealthcheck,
    long restarts, ServicePhase state, Instant backoffUntil, String lastError, List<String> notes,
    List<ContainerStatus> containers, RolloutProgress rollout) {
  public ServiceStatus {
    notes = List.copyOf(notes);
    containers = List.copyOf(containers);
  }

  /** Every desired replica runs, and is healthy when the service has a health check. */
  public boolean converged() {
    return running == desired && (!hasHealthcheck || healthy == desired) && containers.size() == desired;
  }
}
