package io.orch.core.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What planning one service produced so far: its container actions and its status. Mutable, one pass only. */
final class ServiceWork {
  final String service;
  final int desiredReplicas;
  final List<Action> actions = new ArrayList<>();
  /** The depends_on conditions not met yet. */
  final List<DependencyWait> waits = new ArrayList<>();
  /** Notes beyond the waits and the restart decisions (a rollout step, a start-first that runs stop-first). */
  final List<String> notes = new ArrayList<>();
  /** What was decided about each replica that exited (or turned unhealthy) and is not restarted now, by name. */
  final java.util.Map<String, io.orch.core.restart.RestartDecision> decisions = new java.util.LinkedHashMap<>();
  final List<String> errors = new ArrayList<>();
  String failure;
  /** A failure that will not fix itself (image unavailable, health check that cannot run); null if none. */
  io.orch.core.engine.StandingFailure standing;
  Instant backoffUntil;
  /** When each replica waiting out a restart backoff is due, by container name. */
  final java.util.Map<String, Instant> restartDue = new java.util.TreeMap<>();
  Instant wakeUpAt;
  /** When the rollout's next step may go (update_config monitor or delay elapsed); null if not timed. */
  Instant nextRolloutStep;
  /** A depends_on condition is not met yet. */
  boolean waitingOnDependencies;
  /** Set while some replicas run an outdated spec. */
  RolloutProgress rollout;
  /** The rollout's state after this pass, as the {@link io.orch.core.rollout.RolloutJudge} decided; null if none. */
  io.orch.core.rollout.RolloutState rolloutState;

  ServiceWork(String service, int desiredReplicas) {
    this.service = service;
    this.desiredReplicas = desiredReplicas;
  }

  void wakeUpAt(Instant at) {
    if (wakeUpAt == null || at.isBefore(wakeUpAt)) {
      wakeUpAt = at;
    }
  }

  /** A rollout step waits until {@code at}: wake up then. */
  void rolloutWaitsUntil(Instant at) {
    if (nextRolloutStep == null || at.isBefore(nextRolloutStep)) {
      nextRolloutStep = at;
    }
    wakeUpAt(at);
  }

  void backoffUntil(String container, Instant at) {
    restartDue.put(container, at);
    backoffUntil(at);
  }

  void backoffUntil(Instant at) {
    if (backoffUntil == null || at.isBefore(backoffUntil)) {
      backoffUntil = at;
    }
    wakeUpAt(at);
  }

  void standing(io.orch.core.engine.StandingFailure f) {
    if (standing == null) {
      standing = f;
    }
  }

  /** A restart that waits, gives up (the service fails) or is not done (the policy lets the exit stand). */
  void decided(String container, io.orch.core.restart.RestartDecision decision) {
    decisions.put(container, decision);
    if (decision.kind() == io.orch.core.restart.RestartDecision.Kind.GIVE_UP) {
      fail(ServicePlanStatus.note(container, decision));
    }
  }

  void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  boolean creates() {
    return actions.stream().anyMatch(a -> a instanceof Action.CreateContainer);
  }

  Duration wakeUpIn(Instant now) {
    return wakeUpAt == null ? null : Duration.between(now, wakeUpAt);
  }

  ServicePlanStatus status() {
    return new ServicePlanStatus(service, desiredReplicas, waits, notes, decisions, errors, failure, backoffUntil,
        waitingOnDependencies, rollout, restartDue, nextRolloutStep, rolloutState, standing);
  }
}
