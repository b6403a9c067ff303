package io.orch.core.plan;

import io.orch.core.engine.StandingFailure;
import io.orch.core.rollout.RolloutState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner found about one service in this pass. {@code notes} say what it waits for ("waiting for db
 * (service_healthy)", a backoff, a rollout step); {@code errors} block progress until the user acts (image missing
 * under pull_policy never, a name clash); {@code failure} is set once {@code max_attempts} is exhausted. The typed
 * facts beside the text ({@code waitingOnDependencies}, {@code rollingOut}, {@code backoffUntil}) are what the
 * service's phase is decided on. {@code nextRolloutStep} is when a rollout that waits for {@code update_config.monitor}
 * or {@code delay} may take its next step (null when it waits for nothing timed). {@code rolloutState} is the
 * rollout's state after this pass (null when the service has none): the agent stores it and acts on its phase.
 * {@code standing} is a failure the planner sees that will not fix itself (the image is missing and cannot be pulled,
 * a replica's health check cannot run): null when there is none.
 */
public record ServicePlanStatus(
    String service, int desiredReplicas, List<String> notes, List<String> errors, String failure,
    Instant backoffUntil, boolean waitingOnDependencies, RolloutProgress rollout, Map<String, Instant> restartDue,
    Instant nextRolloutStep, RolloutState rolloutState, StandingFailure standing) {

  /** Without a standing failure. */
  public ServicePlanStatus(String service, int desiredReplicas, List<String> notes, List<String> errors,
      String failure, Instant backoffUntil, boolean waitingOnDependencies, RolloutProgress rollout,
      Map<String, Instant> restartDue, Instant nextRolloutStep, RolloutState rolloutState) {
    this(service, desiredReplicas, notes, errors, failure, backoffUntil, waitingOnDependencies, rollout, restartDue,
        nextRolloutStep, rolloutState, null);
  }

  /** Without a rollout state. */
  public ServicePlanStatus(String service, int desiredReplicas, List<String> notes, List<String> errors,
      String failure, Instant backoffUntil, boolean waitingOnDependencies, RolloutProgress rollout,
      Map<String, Instant> restartDue, Instant nextRolloutStep) {
    this(service, desiredReplicas, notes, errors, failure, backoffUntil, waitingOnDependencies, rollout, restartDue,
        nextRolloutStep, null);
  }

  public ServicePlanStatus {
    notes = List.copyOf(notes);
    errors = List.copyOf(errors);
    restartDue = Map.copyOf(restartDue);
  }

  /** When this replica's restart is due, if it waits out a backoff. */
  public Optional<Instant> restartDue(String containerName) {
    return Optional.ofNullable(restartDue.get(containerName));
  }

  public boolean failed() {
    return failure != null;
  }

  /** The earliest moment a replica of this service waiting out a restart backoff is due. */
  public Optional<Instant> nextRestart() {
    return Optional.ofNullable(backoffUntil);
  }
}
