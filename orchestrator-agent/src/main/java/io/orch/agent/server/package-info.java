/**
 * The HTTP adapter: {@code AgentBackend} implements the API's {@code OrchBackend} port over the agent's components:
 * decode, call the desired-state component ({@code io.orch.agent.desired}) or the status view
 * ({@code io.orch.agent.view}), encode with {@code Dtos}, and map a typed {@code Refusal} to an HTTP status.
 *
 * <p>May not touch the engine's write side, load stacks, write the store or build status; it imports no loader and no
 * reconcile class, and nothing but AgentMain depends on it (ArchitectureTest checks both).
 */
package io.orch.agent.server;
