package io.orch.core.autoscale;

/**
 * One replica's measurement: CPU and memory in use as a fraction of the basis each is measured against
 * ({@link io.orch.core.model.Autoscale#cpuBasis}, {@link io.orch.core.model.Autoscale#memoryBasis}; 1.0 is 100%,
 * more than 1.0 is possible with a reservation below the limit). A null value was not measured. A replica that is not
 * ready (starting, unhealthy) is left out of the average, as the HPA leaves it out.
 */
public record Sample(String replica, Double cpu, Double memory, boolean ready) {
  public Sample {
    if ((cpu != null && (cpu.isNaN() || cpu < 0)) || (memory != null && (memory.isNaN() || memory < 0))) {
      throw new IllegalArgumentException("utilisation must be a fraction >= 0, got cpu " + cpu + ", memory " + memory);
    }
  }

  public static Sample ready(String replica, Double cpu, Double memory) {
    return new Sample(replica, cpu, memory, true);
  }

  public static Sample notReady(String replica, Double cpu, Double memory) {
    return new Sample(replica, cpu, memory, false);
  }

  Double value(io.orch.core.model.Autoscale.Metric metric) {
    return metric == io.orch.core.model.Autoscale.Metric.CPU ? cpu : memory;
  }
}
