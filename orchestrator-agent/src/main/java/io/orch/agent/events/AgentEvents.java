package io.orch.agent.events;

/**
 * Where the agent reports what it did or saw (container created, restarting, removed, ...). The message carries the
 * cause. Implementations log, keep a bounded history for the API, or count into metrics.
 */
public interface AgentEvents {
  void emit(AgentEvent event);

  AgentEvents NOOP = e -> { };
}
