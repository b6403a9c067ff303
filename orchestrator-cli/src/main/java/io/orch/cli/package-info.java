/**
 * The {@code orch} command line (picocli): one class per verb, reading stack files with the core's loader and talking
 * to the agent only through the API client ({@code io.orch.api.client}). It owns nothing on disk but the agent's log
 * and jar copy it writes when it starts an agent, and it never touches the engine itself except through
 * {@link io.orch.cli.engine} for {@code build} and {@code pull}. No class of the agent module or of the API's HTTP
 * server is on its class path.
 */
package io.orch.cli;
