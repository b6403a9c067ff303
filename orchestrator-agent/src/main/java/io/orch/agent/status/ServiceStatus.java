package io.orch.agent.status;

import java.time.Instant;
import java.util.List;

/**
 * One service as of the last reconcile pass. {@code state}: converging, running, waiting (on a dependency), failed
 * (restart attempts exhausted or a permanent engine error), removing, completed (one-shot service done).
 */
public record ServiceStatus(
    String stack, String service, String image, int desired, int running, int healthy, boolean hasHealthcheck,
    long restarts, String state, Instant backoffUntil, String lastError, List<String> notes,
    List<ContainerStatus> containers) {
  public ServiceStatus {
    notes = List.copyOf(notes);
    containers = List.copyOf(containers);
  }

  /** Every desired replica runs, and is healthy when the service has a health check. */
  public boolean converged() {
    return running == desired && (!hasHealthcheck || healthy == desired) && containers.size() == desired;
  }
}
