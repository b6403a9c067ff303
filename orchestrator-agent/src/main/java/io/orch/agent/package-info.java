/**
 * The agent's start-up: {@code AgentMain} builds every component in one place, passes them in through constructors,
 * starts the threads and stops them (containers keep running); {@code AgentConfig} is how it runs, {@code AgentJvm}
 * the JVM options, {@code TokenFile}/{@code TokenStrength} the API token, {@code EngineWatchdog} the engine ping that
 * keeps {@code /readyz} honest, {@code Version} orch's version. docs/architecture.md draws what AgentMain wires.
 *
 * <p>The only package that knows every other one; none of them depends on it except the CLI (which starts an agent).
 * It decides nothing about stacks: no planning, no store writes, no engine mutations here.
 */
package io.orch.agent;
