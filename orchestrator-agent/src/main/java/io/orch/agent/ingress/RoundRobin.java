package io.orch.agent.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round-robin over a rotation: each new connection starts at the next replica, and gets the others after it as
 * fallbacks, in order, should the connect fail. Round-robin (not least-connections) because the replicas of one
 * service are alike and connections to them short: it spreads evenly without bookkeeping on the hot path. Thread-safe;
 * the rotation is swapped as a whole.
 */
public final class RoundRobin {
  private final AtomicInteger next = new AtomicInteger();
  private volatile List<Backend> backends = List.of();

  /** Replaces the rotation; connections under way keep their backend. */
  public void update(List<Backend> rotation) {
    backends = List.copyOf(rotation);
  }

  public List<Backend> backends() {
    return backends;
  }

  /** The backends to try for one new connection: every one once, starting at the next in turn; empty if none. */
  public List<Backend> nextAttempts() {
    List<Backend> now = backends;
    if (now.isEmpty()) {
      return List.of();
    }
    int start = Math.floorMod(next.getAndIncrement(), now.size());
    List<Backend> order = new ArrayList<>(now.size());
    for (int i = 0; i < now.size(); i++) {
      order.add(now.get((start + i) % now.size()));
    }
    return order;
  }
}
