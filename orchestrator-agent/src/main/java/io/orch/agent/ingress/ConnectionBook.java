package io.orch.agent.ingress;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Open proxied connections per container, over every port of the ingress, so a drain can wait until a replica has
 * none left. Monitor-based: a drain blocks the executor's worker (never an event loop) until the count reaches 0.
 */
public final class ConnectionBook {
  private final Map<String, Integer> open = new HashMap<>();

  public synchronized void opened(String containerId) {
    open.merge(containerId, 1, Integer::sum);
  }

  public synchronized void closed(String containerId) {
    Integer left = open.computeIfPresent(containerId, (id, n) -> n <= 1 ? null : n - 1);
    if (left == null) {
      notifyAll();
    }
  }

  public synchronized int openTo(String containerId) {
    return open.getOrDefault(containerId, 0);
  }

  /** Waits until {@code containerId} has no open connection or {@code atMost} passed; true when none is left. */
  public synchronized boolean awaitIdle(String containerId, Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (open.containsKey(containerId)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000), 0);
    }
    return true;
  }
}
