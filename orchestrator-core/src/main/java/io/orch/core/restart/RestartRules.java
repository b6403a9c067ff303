package io.orch.core.restart;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.restart.RestartDecision.Kind;
import java.time.Duration;
import java.time.Instant;

/**
 * The restart decision as a pure function of the service, the container as observed, its restart history and the
 * clock (the shape of Nomad's {@code restarts.go}): backoff, backoff reset after a stable run, and
 * {@code max_attempts} within {@code window}. Nothing is recorded here; the caller folds performed restarts into the
 * history.
 */
public final class RestartRules {
  private RestartRules() {}

  /**
   * Decides about an exited container, or a running unhealthy one (replaced under {@code x-orch.on_unhealthy:
   * restart}). {@code stateSince} is when orch first saw the container in its current state and health (null if
   * unknown): an unhealthy wait, or an exit the engine gives no finish time for, is measured from it.
   */
  public static RestartDecision decide(ServiceSpec service, ObservedContainer container, RestartHistory history,
      Instant stateSince, Instant now) {
    RestartPolicy policy = service.restartPolicy();
    boolean unhealthy = container.running() && container.health() == ObservedContainer.Health.UNHEALTHY;
    RestartReason reason;
    String what;
    if (unhealthy) {
      reason = RestartReason.UNHEALTHY;
      what = "unhealthy";
    } else {
      int code = container.exitCode() == null ? -1 : container.exitCode();
      reason = container.oomKilled() ? RestartReason.OOM : RestartReason.EXIT;
      what = "exited " + code + (container.oomKilled() ? " (oom)" : "");
      if (!policy.restarts(code)) {
        return new RestartDecision(Kind.NO_RESTART, Duration.ZERO, reason,
            what + ", restart policy " + policy.condition().yaml(), false);
      }
    }
    Instant clockStart = clockStart(container, unhealthy, stateSince);
    boolean backoffReset;
    if (unhealthy) {
      // A replica that ran for reset_after before it turned unhealthy starts its backoff over, as an exit does.
      Duration resetAfter = service.orch().backoff().resetAfter();
      backoffReset = container.startedAt() != null && clockStart != null
          && !container.startedAt().plus(resetAfter).isAfter(clockStart);
    } else {
      backoffReset = Backoff.ranStably(container, service);
    }

    if (policy.maxAttempts() != null) {
      int counted = history.countedRestarts(policy.window(), now);
      if (counted >= policy.maxAttempts()) {
        String window = policy.window() == null ? "" : " in " + DurationText.of(policy.window());
        return new RestartDecision(Kind.GIVE_UP, Duration.ZERO, reason,
            what + ", gave up after " + counted + " restarts (max_attempts " + policy.maxAttempts() + window + ")",
            backoffReset);
      }
    }

    int number = history.total() + 1;
    int sinceReset = backoffReset ? 0 : history.sinceReset();
    Duration wait = Backoff.delayBefore(sinceReset, policy.delay(), service.orch().backoff());
    if (clockStart != null) {
      Instant due = clockStart.plus(wait);
      if (now.isBefore(due)) {
        Duration left = Duration.between(now, due);
        return new RestartDecision(Kind.WAIT, left, reason, what + ", restart " + number + " in "
            + DurationText.of(left), backoffReset);
      }
    }
    String when = wait.isZero() ? ", restart " + number : ", backoff elapsed";
    return new RestartDecision(Kind.RESTART_NOW, Duration.ZERO, reason, what + when, backoffReset);
  }

  /**
   * Where the wait is measured from: the engine's finish time for an exit; otherwise when orch first saw this state.
   * Null (unknown) means the wait has elapsed: a restart is never held back for a moment nobody recorded.
   */
  private static Instant clockStart(ObservedContainer container, boolean unhealthy, Instant stateSince) {
    if (!unhealthy && container.finishedAt() != null) {
      return container.finishedAt();
    }
    return stateSince;
  }
}
