/**
 * The HTTP API as Java calls, for the CLI: {@code OrchClient} (short calls over {@code HttpURLConnection}, for start-up
 * time), {@code EventFollower} (SSE across reconnects) and the errors a command prints ({@code OrchClientException},
 * {@code AgentUnreachableException}).
 *
 * <p>May not touch: Netty or the server, the agent, the engine. Only the CLI uses it: the agent never calls its own
 * API (ArchitectureTest checks both).
 */
package io.orch.api.client;
