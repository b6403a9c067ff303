/**
 * The agent's start-up: {@code AgentCommand} is the agent jar's command line, {@code AgentMain} builds every component
 * in one place, passes them in through constructors, starts the threads and stops them (containers keep running);
 * {@code AgentConfig} is how it runs, {@code TokenFile} the API token (shared pieces such as the JVM options and the
 * version live in {@code io.orch.api.local}), {@code EngineWatchdog} the engine ping that keeps {@code /readyz}
 * honest. docs/architecture.md draws what AgentMain wires.
 *
 * <p>The only package that knows every other one; none of them depends on it (the CLI starts the agent's jar as a
 * process).
 * It decides nothing about stacks: no planning, no store writes, no engine mutations here.
 */
package io.orch.agent;
