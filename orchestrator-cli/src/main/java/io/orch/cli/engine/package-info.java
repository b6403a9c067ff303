/**
 * The CLI's own engine access (docker-java), for the verbs that need the engine on the user's side: building images
 * ({@code orch build}, {@code up}/{@code plan} with {@code build:} sections) and pulling them ({@code orch pull}).
 * Loaded only when such a command runs: the everyday verbs (ps, ls, version...) load no docker-java class. It creates
 * images only; containers, networks and volumes stay the agent's to create.
 */
package io.orch.cli.engine;
