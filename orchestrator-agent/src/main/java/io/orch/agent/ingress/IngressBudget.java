package io.orch.agent.ingress;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The share of the agent's file descriptors the ingress may use, over every port: each proxied connection holds two
 * (the client's and the replica's). The rest is kept for the API (its own connection cap), the engine client, the
 * state dir and the JVM, so a flood of connections to a published port cannot starve {@code /healthz} (issue 19:
 * ~10,500 idle ingress connections exhausted 20,000 descriptors and the API went with them). Thread-safe.
 */
public final class IngressBudget {
  /** Descriptors the agent needs besides the API's connections: engine client, files, jars, event loops, epoll. */
  static final int AGENT_RESERVE = 1024;
  /** Never fewer than this, even on a host with a tiny limit: the ingress must still serve someone. */
  static final int MINIMUM_CONNECTIONS = 64;

  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();

  public IngressBudget(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("ingress budget must be at least 1 connection, got " + maxConnections);
    }
    this.maxConnections = maxConnections;
  }

  /**
   * The budget for this process: half of what is left of its open-file limit once {@code apiConnections} and
   * {@link #AGENT_RESERVE} are set apart (8,976 connections with 20,000 descriptors and the API's 1,024).
   */
  public static IngressBudget forThisProcess(int apiConnections) {
    return new IngressBudget(fromLimit(openFileLimit(), apiConnections));
  }

  static int fromLimit(long openFileLimit, int apiConnections) {
    long spare = openFileLimit - apiConnections - AGENT_RESERVE;
    return (int) Math.max(MINIMUM_CONNECTIONS, Math.min(Integer.MAX_VALUE, spare / 2));
  }

  private static long openFileLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    // Not a Unix JVM: no known limit; 4,096 is the lowest common default of the hosts orch runs on.
    return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 4096;
  }

  public int maxConnections() {
    return maxConnections;
  }

  boolean tryTake() {
    while (true) {
      int now = open.get();
      if (now >= maxConnections) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void giveBack() {
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }
}
