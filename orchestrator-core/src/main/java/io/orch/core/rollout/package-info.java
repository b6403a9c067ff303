/**
 * Rollouts with Swarm's update_config meanings: {@code RolloutJudge} decides a service's next {@code RolloutState}
 * (phase, updated of total, failures, reason) from the state before a pass and what the planner saw;
 * {@code RolloutPhase} is the typed phase with its wire word.
 *
 * <p>Pure, like the planner that calls it: it stores nothing (the stack reconciler stores the states with the stack)
 * and may not touch the engine, the clock, the loader or any state.
 */
package io.orch.core.rollout;
