package io.orch.core.restart;

import io.orch.core.engine.ObservedContainer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every replica's {@link RestartHistory} by service and slot ({@link ReplicaSlot}), as of one moment: what the
 * planner reads. Immutable; each change returns a new instance.
 */
public record RestartHistories(Map<ReplicaSlot, RestartHistory> bySlot) {
  public static final RestartHistories EMPTY = new RestartHistories(Map.of());

  public RestartHistories {
    bySlot = Map.copyOf(bySlot);
  }

  public RestartHistory of(ReplicaSlot slot) {
    return bySlot.getOrDefault(slot, RestartHistory.NONE);
  }

  /** The history of the slot {@code container} holds (by its labels, whatever its name). */
  public RestartHistory of(ObservedContainer container) {
    return of(ReplicaSlot.of(container));
  }

  public RestartHistories with(ReplicaSlot slot, RestartHistory history) {
    Map<ReplicaSlot, RestartHistory> next = new TreeMap<>(bySlot);
    next.put(slot, history);
    return new RestartHistories(next);
  }

  /** After one restart of the replica in {@code slot} at {@code at}. */
  public RestartHistories restarted(ReplicaSlot slot, Instant at, boolean backoffReset) {
    return with(slot, of(slot).restarted(at, backoffReset));
  }

  /**
   * Without one slot's history: its replica was replaced as planned (rollout, restart, rollback), so the new one
   * starts a history of its own, or the slot is gone.
   */
  public RestartHistories without(ReplicaSlot slot) {
    return keepOnly(s -> !s.equals(slot));
  }

  /** Without the history of every replica of a service, e.g. when a user restarts a failed service by hand. */
  public RestartHistories withoutService(String service) {
    return keepOnly(s -> !s.service().equals(service));
  }

  /** Only the slots {@code kept} accepts (e.g. those the stack still declares). */
  public RestartHistories keepOnly(Predicate<ReplicaSlot> kept) {
    Map<ReplicaSlot, RestartHistory> next = new TreeMap<>(bySlot);
    next.keySet().removeIf(kept.negate());
    return next.size() == bySlot.size() ? this : new RestartHistories(next);
  }

  /** Restarts of every replica of one service. */
  public long restartsOfService(String service) {
    return bySlot.entrySet().stream().filter(e -> e.getKey().service().equals(service))
        .mapToLong(e -> e.getValue().total()).sum();
  }
}
