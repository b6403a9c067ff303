package io.orch.core.plan;

import io.orch.core.engine.StandingFailure;
import io.orch.core.restart.RestartDecision;
import io.orch.core.rollout.RolloutState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner found about one service in this pass. {@code waits} are the depends_on conditions not met yet,
 * {@code restartDecisions} (by container name) the restarts that wait, gave up or are not done; {@code notes} say the
 * same in words ("waiting for db (service_healthy)", a backoff, a rollout step), rendered once from those facts and
 * the rollout's notes. {@code errors} block progress until the user acts (image missing
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
    Instant nextRolloutStep, RolloutState rolloutState, StandingFailure standing, List<DependencyWait> waits,
    Map<String, RestartDecision> restartDecisions) {

  /**
   * From the typed facts: the {@code notes} are rendered here, once, from the dependency waits, then {@code
   * otherNotes} (rollout steps), then the restart decisions ("web-1: exited 1, restart 3 in 4s").
   */
  public ServicePlanStatus(String service, int desiredReplicas, List<DependencyWait> waits, List<String> otherNotes,
      Map<String, RestartDecision> restartDecisions, List<String> errors, String failure, Instant backoffUntil,
      boolean waitingOnDependencies, RolloutProgress rollout, Map<String, Instant> restartDue,
      Instant nextRolloutStep, RolloutState rolloutState, StandingFailure standing) {
    this(service, desiredReplicas, render(waits, otherNotes, restartDecisions), errors, failure, backoffUntil,
        waitingOnDependencies, rollout, restartDue, nextRolloutStep, rolloutState, standing, waits,
        restartDecisions);
  }

  /** Without a standing failure, dependency waits or restart decisions (notes as given). */
  public ServicePlanStatus(String service, int desiredReplicas, List<String> notes, List<String> errors,
      String failure, Instant backoffUntil, boolean waitingOnDependencies, RolloutProgress rollout,
      Map<String, Instant> restartDue, Instant nextRolloutStep, RolloutState rolloutState) {
    this(service, desiredReplicas, notes, errors, failure, backoffUntil, waitingOnDependencies, rollout, restartDue,
        nextRolloutStep, rolloutState, null, List.of(), Map.of());
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
    waits = List.copyOf(waits);
    // In the order decided (by slot), for notes that read the same every pass.
    restartDecisions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(restartDecisions));
  }

  /** A replica's restart decision as a note: "web-1: exited 1, restart 3 in 4s". */
  public static String note(String container, RestartDecision decision) {
    return container + ": " + decision.cause();
  }

  private static List<String> render(List<DependencyWait> waits, List<String> otherNotes,
      Map<String, RestartDecision> decisions) {
    List<String> notes = new java.util.ArrayList<>();
    waits.forEach(w -> notes.add(w.text()));
    notes.addAll(otherNotes);
    decisions.forEach((container, decision) -> notes.add(note(container, decision)));
    return notes;
  }

  /** What was decided about this replica's restart, if it waits, gave up or is not restarted. */
  public Optional<RestartDecision> restartDecision(String containerName) {
    return Optional.ofNullable(restartDecisions.get(containerName));
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
