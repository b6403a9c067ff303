/**
 * The engine adapter: {@code DockerEngine} implements core's {@code Engine} and {@code EngineView} on docker-java
 * (httpclient5 transport), with a deadline on every call ({@code DockerEngineSettings}, {@code CallDeadline}), failures
 * typed by status, never by text ({@code EngineErrors}), and the mappings between docker-java's types and core's
 * records ({@code CreateContainerMapping}, {@code HostOptionsMapping}, {@code ObservedMapping}, ...). Also the CLI's
 * image work on the same client: {@code ImageBuilder} (build API, {@code .dockerignore}) and {@code ImagePuller}.
 *
 * <p>The only package that imports docker-java, and it knows nothing of the rest of the agent (ArchitectureTest
 * checks both). No retries or sleeps: retrying belongs to the reconcile loop's queue. Creates, starts, stops and
 * removes only when the plan executor asks.
 */
package io.orch.agent.docker;
