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
    Integer exitCode = null;
    if (unhealthy) {
      reason = RestartReason.UNHEALTHY;
    } else {
      exitCode = container.exitCode();
      int code = exitCode == null ? -1 : exitCode;
      reason = container.oomKilled() ? RestartReason.OOM : RestartReason.EXIT;
      if (!policy.restarts(code)) {
        return RestartDecision.noRestart(reason, exitCode, policy.condition());
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

    int number = history.total() + 1;
    if (policy.maxAttempts() != null) {
      int counted = history.countedRestarts(policy.window(), now);
      if (counted >= policy.maxAttempts()) {
        return RestartDecision.giveUp(reason, exitCode, number, backoffReset,
            new RestartDecision.Limit(counted, policy.maxAttempts(), policy.window()));
      }
    }

    int sinceReset = backoffReset ? 0 : history.sinceReset();
    Duration wait = Backoff.delayBefore(sinceReset, policy.delay(), service.orch().backoff());
    if (clockStart != null) {
      Instant due = clockStart.plus(wait);
      if (now.isBefore(due)) {
        return RestartDecision.waitFor(Duration.between(now, due), reason, exitCode, number, backoffReset);
      }
    }
    return RestartDecision.restartNow(reason, exitCode, number, backoffReset, !wait.isZero());
  }

  /**
   * Restarts in a row, without a stable run between them, that make a crash loop: one restart after a crash is a
   * replica that came back; a second one before it ran for reset_after is a loop.
   */
  public static final int CRASH_LOOP = 2;

  /**
   * When a running replica in a crash loop counts as running again: once up for the backoff's reset_after. Empty when
   * it is not in a crash loop (fewer than {@link #CRASH_LOOP} restarts in a row, or it has run that long already).
   * The one place the threshold is applied: the planner wakes up then, the status says "converging" until then.
   */
  public static java.util.Optional<CrashLoop> crashLoop(ServiceSpec service, ObservedContainer container,
      RestartHistory history, Instant now) {
    Duration stable = service.orch().backoff().resetAfter();
    if (history.sinceReset() >= CRASH_LOOP && container.startedAt() != null && stable != null
        && now.isBefore(container.startedAt().plus(stable))) {
      return java.util.Optional.of(new CrashLoop(container.name(), history.sinceReset(), stable,
          container.startedAt().plus(stable)));
    }
    return java.util.Optional.empty();
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
