package io.orch.agent.status;

import java.time.Instant;
import java.util.List;

/** A stack as of its last reconcile pass: what reads (API, CLI, metrics) are served from. */
public record StackStatus(
    String name, long generation, Instant submittedAt, boolean deleting, Instant observedAt,
    List<ServiceStatus> services) {
  public StackStatus {
    services = List.copyOf(services);
  }

  public boolean converged() {
    return !deleting && services.stream().allMatch(s -> s.converged() || s.state() == ServicePhase.COMPLETED);
  }
}
