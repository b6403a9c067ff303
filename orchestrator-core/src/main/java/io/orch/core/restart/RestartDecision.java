package io.orch.core.restart;

import io.orch.core.model.RestartPolicy;
import java.time.Duration;

/**
 * What to do about an exited (or unhealthy) container, as facts: {@code kind}; {@code delay} until the restart is due
 * (zero unless WAIT); {@code reason} and {@code exitCode} (null when unhealthy, or when the engine gave none) of what
 * happened; {@code number}, the restart this would be for the replica (1 for its first); {@code backoffReset} says
 * the run before it was stable, so the restart, once done, starts the backoff over. {@code limit} is the exhausted
 * {@code max_attempts} (GIVE_UP only), {@code policy} the restart policy that lets the exit stand (NO_RESTART only),
 * {@code backoffElapsed} that a RESTART_NOW waited out a backoff first. Plans, notes, events and the page render the
 * text from these ({@link #cause()}), nobody parses it.
 */
public record RestartDecision(Kind kind, Duration delay, RestartReason reason, Integer exitCode, int number,
    boolean backoffReset, Limit limit, RestartPolicy.Condition policy, boolean backoffElapsed) {
  public enum Kind {
    /** Restart it in this pass. */
    RESTART_NOW,
    /** A restart is due after {@code delay}; plan nothing now and come back then. */
    WAIT,
    /** {@code max_attempts} is exhausted: leave it and mark the service failed. */
    GIVE_UP,
    /** The restart policy does not restart this exit (e.g. exit 0 under on-failure): it completed. */
    NO_RESTART
  }

  /** {@code counted} restarts reached {@code maxAttempts} within {@code window} (null: ever). */
  public record Limit(int counted, int maxAttempts, Duration window) {}

  public static RestartDecision restartNow(RestartReason reason, Integer exitCode, int number, boolean backoffReset,
      boolean backoffElapsed) {
    return new RestartDecision(Kind.RESTART_NOW, Duration.ZERO, reason, exitCode, number, backoffReset, null, null,
        backoffElapsed);
  }

  public static RestartDecision waitFor(Duration delay, RestartReason reason, Integer exitCode, int number,
      boolean backoffReset) {
    return new RestartDecision(Kind.WAIT, delay, reason, exitCode, number, backoffReset, null, null, false);
  }

  public static RestartDecision giveUp(RestartReason reason, Integer exitCode, int number, boolean backoffReset,
      Limit limit) {
    return new RestartDecision(Kind.GIVE_UP, Duration.ZERO, reason, exitCode, number, backoffReset, limit, null,
        false);
  }

  public static RestartDecision noRestart(RestartReason reason, Integer exitCode, RestartPolicy.Condition policy) {
    return new RestartDecision(Kind.NO_RESTART, Duration.ZERO, reason, exitCode, 0, false, null, policy, false);
  }

  /** The restart this decision plans, for the action that performs it (null unless due now). */
  public PlannedRestart planned() {
    return kind == Kind.RESTART_NOW ? new PlannedRestart(reason, backoffReset) : null;
  }

  /** What happened to the replica: "unhealthy", "exited 1", "exited 137 (oom)". */
  public String what() {
    if (reason == RestartReason.UNHEALTHY) {
      return "unhealthy";
    }
    return "exited " + (exitCode == null ? -1 : exitCode) + (reason == RestartReason.OOM ? " (oom)" : "");
  }

  /**
   * The decision in words, for plans, notes and events: "exited 1, restart 3 in 4s", "exited 1, restart 6",
   * "exited 2, gave up after 3 restarts (max_attempts 3)", "exited 0, restart policy on-failure".
   */
  public String cause() {
    return what() + switch (kind) {
      case RESTART_NOW -> backoffElapsed ? ", backoff elapsed" : ", restart " + number;
      case WAIT -> ", restart " + number + " in " + DurationText.of(delay);
      case GIVE_UP -> ", gave up after " + limit.counted() + " restarts (max_attempts " + limit.maxAttempts()
          + (limit.window() == null ? "" : " in " + DurationText.of(limit.window())) + ")";
      case NO_RESTART -> ", restart policy " + policy.yaml();
    };
  }
}
