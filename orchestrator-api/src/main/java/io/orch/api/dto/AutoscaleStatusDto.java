package io.orch.api.dto;

import java.time.Instant;
import java.util.List;

/**
 * An autoscaled service's scaling: the rule in force ({@code min}, {@code max}; both the pinned count when
 * {@code pinned}), the replica count the autoscaler set ({@code desiredReplicas}), what utilisation alone recommended
 * at the last decision ({@code recommended}, null without a ready replica to measure), each metric's average
 * utilisation over the ready replicas against its target (fractions: 1.43 is 143%; {@code utilization} null before
 * the first measurement), and the last decision's reason and time.
 */
public record AutoscaleStatusDto(int min, int max, boolean pinned, int desiredReplicas, Integer recommended,
    List<Metric> metrics, String reason, Instant decidedAt) {
  public AutoscaleStatusDto {
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
  }

  /** One metric: {@code cpu} or {@code memory}; {@code replicas} is how many ready replicas were averaged. */
  public record Metric(String metric, Double utilization, double target, int replicas) {}
}
