package io.orch.agent.reconcile;

import io.orch.core.plan.Plan;

/**
 * Sees each pass as the stack reconciler runs it: the plan it is about to execute, then each action's
 * {@link Outcome} just before it is folded. Read-only: it takes no part in the pass. For golden tests of whole passes
 * (and tracing); the agent runs with {@link #NONE}.
 */
public interface PassObserver {
  PassObserver NONE = new PassObserver() {};

  default void planned(String stack, Plan plan) {}

  /** Called from the executor's worker threads, as the outcome arrives. */
  default void outcome(String stack, Outcome outcome) {}
}
