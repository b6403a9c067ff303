package io.orch.agent.status;

import java.util.Optional;

/**
 * Why the agent is not ready, in one line for {@code /readyz}: the engine first (nothing converges without it), then
 * the first reconcile. Empty means ready. Pure text, so the wording is tested without an engine.
 */
public final class Readiness {
  private Readiness() {}

  /**
   * The reconcile loop's side: {@code initialPassesLeft} is -1 until the engine was first observed, then the number
   * of stacks known at start-up that have not had their first pass.
   */
  public static Optional<String> loop(boolean engineConnected, String engineError, int initialPassesLeft) {
    if (!engineConnected) {
      return Optional.of("engine not reachable" + (engineError == null || engineError.isBlank() ? ""
          : ": " + engineError));
    }
    if (initialPassesLeft < 0) {
      return Optional.of("listing the stacks on the engine for the first time");
    }
    if (initialPassesLeft > 0) {
      return Optional.of("initial reconcile of " + initialPassesLeft + " stack" + (initialPassesLeft == 1 ? "" : "s")
          + " pending");
    }
    return Optional.empty();
  }

  /** The watchdog's finding (an engine that stopped answering) wins over the loop's, which may not know yet. */
  public static Optional<String> combine(Optional<String> engineProblem, Optional<String> loopProblem) {
    return engineProblem.isPresent() ? engineProblem : loopProblem;
  }
}
