package io.orch.agent.status;

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

  public void publish(StackStatus status) {
    stacks.put(status.name(), status);
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
