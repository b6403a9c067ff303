/**
 * {@code GET .../logs}: the logs of a service's replicas from the engine, merged in time order
 * ({@code TimeOrderedMerge}) or followed across restarts and new replicas ({@code ServiceLogFollower}, told of changes
 * by the informer), on threads of its own ({@code orch-log-follow}, {@code orch-logs-merge}).
 *
 * <p>Reads only: the engine's logs through {@code EngineView} and the informer's containers. May not touch the store,
 * the status or the loop.
 */
package io.orch.agent.logs;
