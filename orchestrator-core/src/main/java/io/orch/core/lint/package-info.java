/**
 * {@code orch lint}: production-hygiene rules over a loaded stack ({@code Linter}, one {@code LintRule} each: unpinned
 * tags, root, no health check, no limits, host mounts, literal secrets, ...), with findings located in the file by
 * the loader's locations ({@code LintContext}). Rules and fixes are listed in docs/lint.md.
 *
 * <p>Reads the model and the loader's result; changes nothing and may not touch the engine, the planner or the agent.
 * Nothing on the planning side depends on it (ArchitectureTest checks it).
 */
package io.orch.core.lint;
