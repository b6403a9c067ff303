/**
 * Restarts as pure functions (the shape of Nomad's restart tracker): {@code RestartRules.decide} turns a service, an
 * exited or unhealthy container, its {@code RestartHistory} and the time into a {@code RestartDecision} (restart now,
 * wait, give up, no restart) with its {@code RestartReason}; {@code Backoff} is the crash-loop math;
 * {@code RestartHistories} are every replica's history by {@code ReplicaSlot} (service and slot), immutable.
 *
 * <p>Records nothing: the agent's stack reconciler folds a performed restart into the history (and alone writes it,
 * {@code io.orch.agent.state.RestartBook}). May not touch the engine, the clock, the loader or any state.
 */
package io.orch.core.restart;
