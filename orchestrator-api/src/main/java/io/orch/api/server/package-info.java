/**
 * The agent's HTTP server on Netty: the connection pipeline ({@code ApiChannelInitializer}: deadlines, connection cap,
 * body limit), {@code ApiHandler} (guards, then the route on a worker pool), the route table ({@code OrchRoutes},
 * {@code Router}), streamed bodies (SSE events, logs), the error shape ({@code ApiException}), the token check and the
 * web page. What it needs from the agent is the {@code OrchBackend} port, which the agent implements
 * ({@code io.orch.agent.server.AgentBackend}), plus {@code EventSource} and {@code RequestListener}.
 *
 * <p>May not touch: the agent, the engine, the loader or the store. It validates names and bodies' shape and hands
 * decisions to the backend; it never blocks an event loop (backend calls run on {@code orch-api-work-*} and
 * {@code orch-api-engine-*}).
 */
package io.orch.api.server;
