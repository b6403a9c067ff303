/**
 * The Kubernetes HorizontalPodAutoscaler's rule for one service on one host, as a pure function
 * ({@code Autoscaler.decide}): the declaration, the current count, the replicas' {@code Sample}s, the recommendation
 * history, past scale events and the time in; an {@code AutoscaleDecision} with its reason out.
 *
 * <p>May not touch: the engine (samples come in), the clock, threads, any state. Measuring and storing are the
 * agent's ({@code io.orch.agent.autoscale}).
 */
package io.orch.core.autoscale;
