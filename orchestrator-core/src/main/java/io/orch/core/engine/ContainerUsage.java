package io.orch.core.engine;

import java.time.Instant;

/**
 * One reading of a running container's resource use, as the engine's stats report it: the CPU time used since the
 * container started ({@code cpuNanos}, a counter: utilisation is the difference of two readings over the time between
 * them) and the memory in use without the page cache the kernel can reclaim ({@code memoryBytes}, what
 * {@code docker stats} shows), read at {@code readAt} (the engine's clock).
 */
public record ContainerUsage(long cpuNanos, long memoryBytes, Instant readAt) {
  public ContainerUsage {
    if (cpuNanos < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("usage must be >= 0, got cpu " + cpuNanos + " ns, memory " + memoryBytes);
    }
  }
}
