/**
 * What reads are served from: {@code StatusBoard} holds the immutable {@code StackStatus} each stack's last pass
 * published ({@code ServiceStatus} per service, with its {@code ServicePhase} and {@code ContainerStatus}es);
 * {@code ServiceTransitions} are the service events a new status implies; {@code Readiness} the one line of
 * {@code /readyz}.
 *
 * <p>Written by the stack reconciler alone (ArchitectureTest checks it); readers (API, metrics, autoscaler) are
 * answered from memory, so a stalled engine never blocks a status query. May not call the engine, read the store or
 * know the HTTP adapter.
 */
package io.orch.agent.status;
