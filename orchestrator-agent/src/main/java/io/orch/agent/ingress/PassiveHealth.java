package io.orch.agent.ingress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The passive health check of one port's replicas: a replica that accepts connections but does not answer within the
 * response timeout is taken out of rotation after {@link #STRIKES} such timeouts in a row, for
 * {@link #FIRST_EJECTION}, doubling to {@link #MAX_EJECTION} each time it is ejected again. Once that time is up it is
 * back on probation: the next connection it gets is the check. An answer puts it back for good; one more timeout
 * ejects it again, for longer. The engine's health check (when the service has one) still decides first; this covers
 * replicas without one, or whose check passes while the port does not answer (issue 19: a silent replica kept getting
 * a third of the requests). If every replica is ejected, none is skipped: a slow answer beats none. Thread-safe.
 */
final class PassiveHealth {
  /** Timeouts in a row that eject a replica: one may be a slow request, two in a row with nothing between is silence. */
  static final int STRIKES = 2;
  static final Duration FIRST_EJECTION = Duration.ofSeconds(30);
  static final Duration MAX_EJECTION = Duration.ofMinutes(5);

  /** A change worth an event. */
  sealed interface Verdict {}

  /** {@code backend} left the rotation for {@code ejectedFor}. */
  record Ejected(String containerId, Duration ejectedFor, int timeoutsInARow) implements Verdict {}

  /** {@code backend}, ejected before, answered and is back in rotation. */
  record Restored(String containerId) implements Verdict {}

  private static final class State {
    int strikes;
    int ejections;
    long ejectedUntilNanos;
    boolean ejectedBefore;
  }

  private final Map<String, State> states = new HashMap<>();

  /** {@code order} without the replicas ejected now; all of {@code order} when that would leave none. */
  synchronized List<Backend> filter(List<Backend> order, long nowNanos) {
    if (states.isEmpty()) {
      return order;
    }
    List<Backend> kept = new ArrayList<>(order.size());
    for (Backend b : order) {
      State s = states.get(b.containerId());
      if (s == null || s.ejectedUntilNanos == 0 || nowNanos - s.ejectedUntilNanos >= 0) {
        kept.add(b);
      }
    }
    return kept.isEmpty() ? order : kept;
  }

  /** A connection to {@code containerId} got no answer within the response timeout. */
  synchronized Optional<Verdict> timedOut(String containerId, long nowNanos) {
    State s = states.computeIfAbsent(containerId, id -> new State());
    if (s.ejectedUntilNanos != 0 && nowNanos - s.ejectedUntilNanos < 0) {
      return Optional.empty(); // a connection from before the ejection; already counted out
    }
    s.strikes++;
    // On probation (ejected before, its time up) one timeout is enough.
    if (s.strikes < STRIKES && !s.ejectedBefore) {
      return Optional.empty();
    }
    Duration ejection = ejection(s.ejections);
    s.ejections++;
    s.ejectedBefore = true;
    s.ejectedUntilNanos = nowNanos + ejection.toNanos();
    int strikes = s.strikes;
    s.strikes = 0;
    return Optional.of(new Ejected(containerId, ejection, strikes));
  }

  /** {@code containerId} sent bytes back on a connection: it serves. */
  synchronized Optional<Verdict> answered(String containerId) {
    State s = states.remove(containerId);
    return s != null && s.ejectedBefore ? Optional.of(new Restored(containerId)) : Optional.empty();
  }

  /** Forgets replicas no longer in rotation (removed, replaced), so the map does not grow with every container. */
  synchronized void retain(List<Backend> rotation) {
    states.keySet().retainAll(rotation.stream().map(Backend::containerId).toList());
  }

  /** 30 s, doubling to 5 min. */
  static Duration ejection(int previousEjections) {
    Duration d = FIRST_EJECTION;
    for (int i = 0; i < previousEjections && d.compareTo(MAX_EJECTION) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_EJECTION) > 0 ? MAX_EJECTION : d;
  }
}
