package io.orch.agent.state;

import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A submitted stack as the agent keeps it: the desired model plus bookkeeping. {@code deleting} marks a stack that
 * `orch down` asked to remove; it stays stored until every object of it is gone, so a crash mid-removal loses nothing.
 * {@code restartGenerations} counts `orch restart` per service; {@code previousSpecs} holds each service's spec from
 * before its last change, for `orch rollback`. Both are stored (so they survive an agent restart) and never empty
 * of meaning: a missing entry is generation 0 or no history.
 */
public record StoredStack(
    Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes,
    Map<String, Long> restartGenerations, Map<String, ServiceSpec> previousSpecs) {

  /**
   * The container label that carries a service's restart generation. It is part of the container spec and so of the
   * spec hash: bumping it makes the planner replace every replica through its rolling update path.
   */
  public static final String RESTART_LABEL = "io.orch.restart-generation";

  public StoredStack {
    // Files written before these fields existed read them as null.
    restartGenerations = restartGenerations == null ? Map.of() : Map.copyOf(new TreeMap<>(restartGenerations));
    previousSpecs = previousSpecs == null ? Map.of() : Map.copyOf(new TreeMap<>(previousSpecs));
  }

  public StoredStack(Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes) {
    this(stack, generation, submittedAt, deleting, removeVolumes, Map.of(), Map.of());
  }

  public String name() {
    return stack.name();
  }

  /**
   * What the planner works towards: the submitted stack, with the restart-generation label on every service that was
   * restarted. Kept out of {@link #stack()} so a resubmitted, unchanged file still compares equal.
   */
  public Stack desired() {
    if (restartGenerations.isEmpty()) {
      return stack;
    }
    Map<String, ServiceSpec> services = new TreeMap<>(stack.services());
    restartGenerations.forEach((service, gen) -> services.computeIfPresent(service, (name, spec) -> {
      Map<String, String> labels = new TreeMap<>(spec.labels());
      labels.put(RESTART_LABEL, Long.toString(gen));
      return spec.withLabels(labels);
    }));
    return new Stack(stack.name(), services, stack.networks(), stack.volumes());
  }

  /**
   * A new desired stack (a submit or a scale). A service whose spec changed other than in its replica count keeps
   * its old spec as the one `rollback` returns to; a pure scale keeps the history as it was.
   */
  public StoredStack withStack(Stack newStack, Instant now) {
    Map<String, ServiceSpec> previous = new TreeMap<>(previousSpecs);
    newStack.services().forEach((name, spec) -> {
      ServiceSpec old = stack.service(name);
      if (old != null && !deleting && !old.withReplicas(spec.replicas()).equals(spec)) {
        previous.put(name, old);
      }
    });
    previous.keySet().retainAll(newStack.services().keySet());
    Map<String, Long> gens = new TreeMap<>(restartGenerations);
    gens.keySet().retainAll(newStack.services().keySet());
    return new StoredStack(newStack, generation + 1, now, false, false, gens, previous);
  }

  /** One more rolling restart of {@code service}. */
  public StoredStack withRestart(String service, Instant now) {
    Map<String, Long> gens = new TreeMap<>(restartGenerations);
    gens.merge(service, 1L, Long::sum);
    return new StoredStack(stack, generation + 1, now, false, false, gens, previousSpecs);
  }

  /**
   * The service's previous spec, at its current replica count, swapped in; the spec it replaces becomes the
   * previous one, so a second rollback undoes the first (as Swarm's does).
   */
  public Optional<StoredStack> rolledBack(String service, Instant now) {
    ServiceSpec previous = previousSpecs.get(service);
    ServiceSpec current = stack.service(service);
    if (previous == null || current == null) {
      return Optional.empty();
    }
    Map<String, ServiceSpec> services = new TreeMap<>(stack.services());
    services.put(service, previous.withReplicas(current.replicas()));
    Stack newStack = new Stack(stack.name(), services, stack.networks(), stack.volumes());
    Map<String, ServiceSpec> history = new TreeMap<>(previousSpecs);
    history.put(service, current);
    return Optional.of(new StoredStack(newStack, generation + 1, now, false, false, restartGenerations, history));
  }

  public StoredStack markedForRemoval(boolean volumes) {
    // A repeated `orch down` without --volumes must not cancel an earlier request to remove the volumes.
    boolean removeVolumesToo = volumes || (deleting && removeVolumes);
    return new StoredStack(stack, generation + 1, submittedAt, true, removeVolumesToo, restartGenerations,
        previousSpecs);
  }
}
