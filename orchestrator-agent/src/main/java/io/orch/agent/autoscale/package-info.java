/**
 * The autoscaler's agent side: {@code AutoscaleSampler} (its own thread, {@code orch-autoscale}) reads the engine's
 * stats of the ready replicas, runs core's {@code Autoscaler.decide} and submits the decision to
 * {@code Autoscaling}, which the stack reconciler folds in at the start of its next pass, so the count has one writer
 * and reaches the engine only through the planner and the plan executor. Counts, windows and pins are stored under
 * {@code <stateDir>/autoscale*} ({@code ScalingFiles}).
 *
 * <p>May not touch the engine's write side or the store. A user's pin is the API side's to write.
 */
package io.orch.agent.autoscale;
