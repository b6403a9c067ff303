/**
 * The HTTP adapter: {@code AgentBackend} implements the API's {@code OrchBackend} port over the agent's components,
 * and {@code Dtos} converts status records to wire records at the edge. Today it also loads submitted stacks, decides
 * orphans, writes the store and builds pending status; issue 20 item 2 moves those to a desired-state component and a
 * status component, and leaves here: decode, call, encode, map domain errors to HTTP.
 *
 * <p>May not touch the engine's write side; reads answer from memory or disk, never from the engine (dry-run plans
 * excepted). Nothing but AgentMain depends on it (ArchitectureTest checks it; its rule that the adapter imports no
 * loader and no reconcile class waits, disabled, for item 2).
 */
package io.orch.agent.server;
