package io.orch.agent.reconcile;

import io.orch.core.engine.StandingFailure;
import io.orch.core.plan.Action;
import java.time.Instant;

/**
 * What became of one planned action: the executor's whole answer. It writes no books; the stack reconciler folds each
 * outcome into the restart history, the status, the events and the observed state.
 *
 * @param containerId the container the action created or acted on, when there is one (for the observed state)
 * @param detail the engine's message when the action did not succeed
 * @param standing what the user must fix before it can succeed, when the engine said so (null otherwise)
 */
public record Outcome(Action action, Result result, String containerId, String detail, Instant at,
    StandingFailure.Kind standing) {
  public Outcome(Action action, Result result, String containerId, String detail, Instant at) {
    this(action, result, containerId, detail, at, null);
  }

  public enum Result {
    /** The engine did it (a stop or removal of a container already gone counts as done). */
    DONE,
    /** The engine did not answer: retried with backoff; a restart that could not be tried is no attempt. */
    ENGINE_UNAVAILABLE,
    /** The engine refused it (bad spec, port taken, image missing...): shown, retried with backoff. */
    REJECTED,
    /** The name is held by an object orch does not own, or by another stack: shown, never touched, retried. */
    CONFLICT,
    /** The name is held by this very replica (created by an earlier, interrupted pass): it is adopted as is. */
    ALREADY_THERE
  }

  public boolean failed() {
    return result == Result.ENGINE_UNAVAILABLE || result == Result.REJECTED || result == Result.CONFLICT;
  }
}
