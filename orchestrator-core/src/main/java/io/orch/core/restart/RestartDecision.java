package io.orch.core.restart;

import java.time.Duration;

/**
 * What to do about an exited (or unhealthy) container. {@code delay} is how long until the restart is due (zero unless
 * WAIT); {@code cause} is the human text for plans, logs and events, e.g. "exited 1, restart 3 in 4s";
 * {@code backoffReset} says the run before it was stable, so the restart, once done, starts the backoff over.
 */
public record RestartDecision(Kind kind, Duration delay, RestartReason reason, String cause, boolean backoffReset) {
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

  /** The restart this decision plans, for the action that performs it (null unless due now). */
  public PlannedRestart planned() {
    return kind == Kind.RESTART_NOW ? new PlannedRestart(reason, backoffReset) : null;
  }
}
