package io.orch.agent.autoscale;

import io.orch.core.autoscale.Sample;
import io.orch.core.engine.ContainerUsage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns usage readings into utilisation samples. CPU is a rate: the CPU time used between a replica's previous reading
 * and this one, over the time between them, as a fraction of the CPUs it is measured against; so a replica's first
 * reading (just started, or first seen) has no CPU value and is left out of the CPU average, much as the HPA leaves
 * out a pod in its CPU initialization period. Memory is the bytes in use over the bytes measured against.
 * Used by one thread (the sampler's).
 */
final class UsageMeter {
  private final Map<String, ContainerUsage> previous = new HashMap<>();

  Sample sample(String container, ContainerUsage now, boolean ready, Double cpuBasis, Long memoryBasis) {
    ContainerUsage before = previous.put(container, now);
    Double cpu = null;
    // A counter that went back is a restarted process; a reading not newer than the last is the engine's cache.
    if (cpuBasis != null && before != null && now.readAt().isAfter(before.readAt())
        && now.cpuNanos() >= before.cpuNanos()) {
      double cpus = (now.cpuNanos() - before.cpuNanos())
          / (double) Duration.between(before.readAt(), now.readAt()).toNanos();
      cpu = cpus / cpuBasis;
    }
    Double memory = memoryBasis == null ? null : now.memoryBytes() / (double) memoryBasis;
    return new Sample(container, cpu, memory, ready);
  }

  /** Forgets the replicas not in {@code containers} (removed), so the map does not grow. */
  void retain(Set<String> containers) {
    previous.keySet().retainAll(containers);
  }
}
