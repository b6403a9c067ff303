package io.orch.agent.status;

import io.orch.agent.events.AgentEvents;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The immutable status snapshots the reconcile loop last published, one per stack. Readers never touch the engine, so
 * a slow engine never blocks a status query.
 */
public final class StatusBoard {
  private final Map<String, StackStatus> stacks = new ConcurrentHashMap<>();
  private final AgentEvents events;

  public StatusBoard() {
    this(AgentEvents.NOOP);
  }

  /** {@code events} hears {@code service.converged} and {@code service.failed} when a publish changes them. */
  public StatusBoard(AgentEvents events) {
    this.events = events;
  }

  public void publish(StackStatus status) {
    StackStatus previous = stacks.put(status.name(), status);
    if (previous != null) {
      ServiceTransitions.between(previous, status).forEach(events::emit);
    }
  }

  public void remove(String stack) {
    stacks.remove(stack);
  }

  public Optional<StackStatus> get(String stack) {
    return Optional.ofNullable(stacks.get(stack));
  }

  public List<StackStatus> all() {
    Collection<StackStatus> values = stacks.values();
    return values.stream().sorted(Comparator.comparing(StackStatus::name)).toList();
  }
}
