package io.orch.core.autoscale;

import io.orch.core.model.Autoscale;

/**
 * One metric at one decision: the average utilisation of the ready replicas and the target (fractions of the basis,
 * 1.0 is 100%), their ratio, how many ready replicas were averaged, and the count this metric alone proposes (the
 * current count when within the tolerance).
 */
public record MetricReading(Autoscale.Metric metric, double utilisation, double target, int averaged, int proposal,
    boolean withinTolerance) {
  public double ratio() {
    return utilisation / target;
  }

  /** {@code cpu 143% of 70% target}. */
  public String describe() {
    return metric.yaml() + " " + Math.round(utilisation * 100) + "% of " + Math.round(target * 100) + "% target";
  }
}
