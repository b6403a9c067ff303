/**
 * The engine as core sees it: the ports {@code EngineView} (reads, events, logs, stats) and {@code Engine} (its
 * write side: create, start, stop, remove, pull), the records that cross them ({@code ContainerSpec} in,
 * {@code ObservedContainer}, {@code ObservedState}, {@code EngineEvent} out) and the typed failures
 * ({@code EngineException} and its kinds, {@code StandingFailure}). {@code io.orch.agent.docker.DockerEngine}
 * implements both on docker-java; the tests' {@code FakeEngine} passes the same contract test.
 *
 * <p>May not touch: docker-java or any other engine client, threads, the clock, the loader. Only the plan executor
 * ({@code io.orch.agent.reconcile.PlanExecutor}) is handed an {@code Engine}; everyone else gets an
 * {@code EngineView} (ArchitectureTest checks that nobody else calls a write method).
 */
package io.orch.core.engine;
