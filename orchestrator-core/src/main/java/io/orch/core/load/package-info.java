/**
 * Loading stack files: {@link io.orch.core.load.StackLoader} (YAML -> located tree -> interpolate -> read/validate
 * -> normalize -> {@link io.orch.core.model.Stack}) and {@link io.orch.core.load.StackWriter} ({@code orch config}).
 * Several files make one located tree before anything is read ({@code ComposeFiles}): each file is parsed and
 * interpolated, its {@code include:} ({@code IncludeResolver}) and {@code extends:} ({@code ExtendsResolver})
 * resolved, then the -f files merged in order ({@code ComposeMerge}); marks keep the file each value came from.
 *
 * <p>Key policy. Every Compose key the loader does not read is reported as a warning "unsupported key, ignored"
 * naming its path; a key the Compose specification does not have at that level ({@link io.orch.core.load.ComposeKeys})
 * is an error with a did-you-mean hint, as {@code docker compose config} rejects it; {@code x-*} keys are ignored
 * silently everywhere ({@code x-orch} in a service is read). Accepted silently
 * although orch does nothing with them: the port long-form {@code mode} (orch decides about its ingress itself) and
 * the short volume modes {@code rw}, {@code cached}, {@code delegated}, {@code consistent} (no-ops on Linux).
 * Accepted with a warning: {@code version} (obsolete, as Compose says), build keys the engine's classic build API
 * cannot honour ({@code ssh}, {@code secrets}, {@code cache_to}, ...: {@link io.orch.core.load.BuildReader}),
 * {@code deploy.mode: global} (one replica on one node), {@code pull_policy: daily|weekly|every_*} (treated as
 * missing), a non-external network/volume {@code name} (orch names objects {@code <stack>_<key>}), a healthcheck
 * without {@code test} (the image's own check applies), a secret or config {@code file:} that does not exist yet
 * (as {@code docker compose config}; the agent reports it when it creates the container). {@code build} without
 * {@code image} names the image {@code <stack>-<service>}, as Compose v2 does.
 *
 * <p>Owns the stack file's syntax and its diagnostics (file, line, column, key path, hint): no other package reads
 * Compose YAML. May not touch the engine, the planner's decisions or any state; it may use the planner's naming
 * ({@code EngineSpecs}) to check names a file would produce. The planning side never depends on it
 * (ArchitectureTest checks it).
 */
package io.orch.core.load;
