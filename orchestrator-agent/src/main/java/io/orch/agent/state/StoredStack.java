package io.orch.agent.state;

import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A submitted stack as the agent keeps it: the desired model plus bookkeeping. {@code deleting} marks a stack that
 * `orch down` asked to remove; it stays stored until every object of it is gone, so a crash mid-removal loses nothing.
 * {@code restartGenerations} counts `orch restart` per service; {@code previousSpecs} holds each service's spec from
 * before its last change, for `orch rollback`. Both are stored (so they survive an agent restart) and never empty
 * of meaning: a missing entry is generation 0 or no history. {@code rollouts} holds each service's rollout state (a
 * paused rollout and why, a rollback under way or done), so a restarted agent neither forgets a paused rollout nor
 * rolls a rolled-back spec out again; the stack reconciler writes it ({@link #withRollouts}), without a new
 * generation. {@code profiles} are the Compose profiles the last submission activated (--profile, COMPOSE_PROFILES):
 * the services they enabled are in {@link #stack()}; a later submission without them keeps those services as they
 * are (see {@code Orphans}).
 */
public record StoredStack(
    Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes,
    Map<String, Long> restartGenerations, Map<String, ServiceSpec> previousSpecs,
    Map<String, RolloutState> rollouts, Set<String> profiles) {

  /**
   * The container label that carries a service's restart generation. It is part of the container spec and so of the
   * spec hash: bumping it makes the planner replace every replica through its rolling update path.
   */
  public static final String RESTART_LABEL = "io.orch.restart-generation";

  public StoredStack {
    // Files written before these fields existed read them as null.
    restartGenerations = restartGenerations == null ? Map.of() : Map.copyOf(new TreeMap<>(restartGenerations));
    previousSpecs = previousSpecs == null ? Map.of() : Map.copyOf(new TreeMap<>(previousSpecs));
    rollouts = rollouts == null ? Map.of() : Map.copyOf(new TreeMap<>(rollouts));
    profiles = profiles == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(profiles));
  }

  public StoredStack(Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes,
      Map<String, Long> restartGenerations, Map<String, ServiceSpec> previousSpecs,
      Map<String, RolloutState> rollouts) {
    this(stack, generation, submittedAt, deleting, removeVolumes, restartGenerations, previousSpecs, rollouts,
        Set.of());
  }

  public StoredStack(Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes) {
    this(stack, generation, submittedAt, deleting, removeVolumes, Map.of(), Map.of(), Map.of());
  }

  public StoredStack(Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes,
      Map<String, Long> restartGenerations, Map<String, ServiceSpec> previousSpecs) {
    this(stack, generation, submittedAt, deleting, removeVolumes, restartGenerations, previousSpecs, Map.of());
  }

  /** The same version with these rollout states (the reconciler's bookkeeping: no new generation). */
  public StoredStack withRollouts(Map<String, RolloutState> states) {
    return new StoredStack(stack, generation, submittedAt, deleting, removeVolumes, restartGenerations,
        previousSpecs, states, profiles);
  }

  /** The same version and bookkeeping around another desired stack (what the autoscaler makes of it). */
  public StoredStack around(Stack effective) {
    return new StoredStack(effective, generation, submittedAt, deleting, removeVolumes, restartGenerations,
        previousSpecs, rollouts, profiles);
  }

  /** The same, with the profiles a submission activated. */
  public StoredStack withProfiles(Set<String> active) {
    return new StoredStack(stack, generation, submittedAt, deleting, removeVolumes, restartGenerations,
        previousSpecs, rollouts, active);
  }

  /** True when some service's rollout is paused: submitting the same file again resumes it. */
  public boolean hasPausedRollout() {
    return rollouts.values().stream().anyMatch(r -> r.phase() == RolloutPhase.PAUSED);
  }

  /** Paused rollouts cleared, so the next pass starts them afresh (a resubmit resumes, as Swarm's update does). */
  public StoredStack resumed(Instant now) {
    Map<String, RolloutState> kept = new TreeMap<>(rollouts);
    kept.values().removeIf(r -> r.phase() == RolloutPhase.PAUSED);
    return new StoredStack(stack, generation + 1, now, deleting, removeVolumes, restartGenerations, previousSpecs,
        kept, profiles);
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
    Map<String, RolloutState> states = new TreeMap<>(rollouts);
    states.keySet().retainAll(newStack.services().keySet());
    states.values().removeIf(r -> r.phase() == RolloutPhase.PAUSED);
    return new StoredStack(newStack, generation + 1, now, false, false, gens, previous, states, profiles);
  }

  /** One more rolling restart of {@code service}. */
  public StoredStack withRestart(String service, Instant now) {
    Map<String, Long> gens = new TreeMap<>(restartGenerations);
    gens.merge(service, 1L, Long::sum);
    Map<String, RolloutState> states = new TreeMap<>(rollouts);
    states.remove(service);
    return new StoredStack(stack, generation + 1, now, false, false, gens, previousSpecs, states, profiles);
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
    Map<String, RolloutState> states = new TreeMap<>(rollouts);
    states.remove(service);
    return Optional.of(new StoredStack(newStack, generation + 1, now, false, false, restartGenerations, history,
        states, profiles));
  }

  /**
   * The automatic rollback of a failed rollout ({@code failure_action: rollback}): the previous spec swapped in as by
   * {@link #rolledBack}, and the rollout marked as rolling back (per rollback_config) with {@code reason}.
   */
  public Optional<StoredStack> rollingBack(String service, String reason, int total, Instant now) {
    return rolledBack(service, now).map(r -> {
      Map<String, RolloutState> states = new TreeMap<>(r.rollouts());
      // The target hash is the planner's to fill in: it resolves shared namespaces before hashing.
      states.put(service, new RolloutState(null, RolloutPhase.ROLLING_BACK, 0, total, List.of(), reason, now));
      return r.withRollouts(states);
    });
  }

  public StoredStack markedForRemoval(boolean volumes) {
    // A repeated `orch down` without --volumes must not cancel an earlier request to remove the volumes.
    boolean removeVolumesToo = volumes || (deleting && removeVolumes);
    return new StoredStack(stack, generation + 1, submittedAt, true, removeVolumesToo, restartGenerations,
        previousSpecs, rollouts, profiles);
  }
}
