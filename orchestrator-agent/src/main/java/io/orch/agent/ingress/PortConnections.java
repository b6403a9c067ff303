package io.orch.agent.ingress;

import io.netty.channel.Channel;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client connections open on one published port, least recently active first, within the port's cap and the
 * ingress's {@link IngressBudget}. At the cap the longest idle connection is closed to admit the new one (an idle
 * client reconnects; a new one has no other way in), as the API does with its connections; only when every
 * connection moved bytes within {@link #EVICTABLE_AFTER_NANOS} is the new one refused. So a flood of idle
 * connections costs its sender its own connections, not the port's real clients. Thread-safe (event loops of the
 * port).
 */
final class PortConnections {
  /** A connection quieter than this may be closed to make room: at the cap it is the least useful one. */
  static final long EVICTABLE_AFTER_NANOS = 1_000_000_000L;

  /** What became of a new connection. */
  enum Admission {
    ADMITTED,
    /** Admitted after closing the longest idle connection. */
    ADMITTED_BY_EVICTION,
    REFUSED
  }

  private final IngressBudget budget;
  /** Access order: {@link #touch} moves a connection to the end, so the first one is the longest idle. */
  private final LinkedHashMap<Channel, long[]> open = new LinkedHashMap<>(64, 0.75f, true);

  PortConnections(IngressBudget budget) {
    this.budget = budget;
  }

  /** Counts {@code channel} in (it leaves on {@link #release}), closing the longest idle one if need be. */
  synchronized Admission admit(Channel channel, int cap, long nowNanos) {
    boolean evicted = false;
    if (open.size() >= cap || !budget.tryTake()) {
      if (!evictLongestIdle(nowNanos)) {
        return Admission.REFUSED;
      }
      evicted = true;
      if (!budget.tryTake()) {
        // Another port took the freed place meanwhile: the budget is spent by busy connections.
        return Admission.REFUSED;
      }
    }
    open.put(channel, new long[] {nowNanos});
    return evicted ? Admission.ADMITTED_BY_EVICTION : Admission.ADMITTED;
  }

  /** Bytes moved on {@code channel}: it is no longer the idle one. */
  synchronized void touch(Channel channel, long nowNanos) {
    long[] last = open.get(channel);
    if (last != null) {
      last[0] = nowNanos;
    }
  }

  /** {@code channel} closed; no-op when it was refused or already evicted. */
  synchronized void release(Channel channel) {
    if (open.remove(channel) != null) {
      budget.giveBack();
    }
  }

  synchronized int open() {
    return open.size();
  }

  private boolean evictLongestIdle(long nowNanos) {
    Iterator<Map.Entry<Channel, long[]>> it = open.entrySet().iterator();
    if (!it.hasNext()) {
      return false;
    }
    Map.Entry<Channel, long[]> eldest = it.next();
    if (nowNanos - eldest.getValue()[0] < EVICTABLE_AFTER_NANOS) {
      return false;
    }
    it.remove();
    budget.giveBack();
    eldest.getKey().close();
    return true;
  }
}
