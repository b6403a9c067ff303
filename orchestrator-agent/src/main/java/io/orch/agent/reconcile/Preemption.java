package io.orch.agent.reconcile;

/**
 * Whether the desired state a pass planned from has been replaced since (a DELETE, a resubmission, a scale). The
 * executor asks before every action, so a pass creating 1,500 replicas stops within the actions already under way
 * instead of finishing a plan nobody wants any more; the next pass plans from the new state.
 */
@FunctionalInterface
public interface Preemption {
  Preemption NEVER = () -> false;

  boolean superseded();
}
