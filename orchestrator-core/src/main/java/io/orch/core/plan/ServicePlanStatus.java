package io.orch.core.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the planner found about one service in this pass. {@code notes} say what it waits for ("waiting for db
 * (service_healthy)", a backoff, a rollout step); {@code errors} block progress until the user acts (image missing
 * under pull_policy never, a name clash); {@code failure} is set once {@code max_attempts} is exhausted.
 */
public record ServicePlanStatus(
    String service, int desiredReplicas, List<String> notes, List<String> errors, String failure,
    Instant backoffUntil) {

  public ServicePlanStatus {
    notes = List.copyOf(notes);
    errors = List.copyOf(errors);
  }

  public boolean failed() {
    return failure != null;
  }

  /** The earliest moment a replica of this service waiting out a restart backoff is due. */
  public Optional<Instant> nextRestart() {
    return Optional.ofNullable(backoffUntil);
  }
}
