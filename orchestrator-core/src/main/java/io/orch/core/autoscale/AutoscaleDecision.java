package io.orch.core.autoscale;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one autoscaling decision: the replica count to run ({@code desired}, equal to {@code current} when
 * nothing changes), what utilisation alone recommended ({@code recommended}; null without a ready sample), every
 * metric's reading, why in one line ({@code cpu 143% of 70% target: 2 -> 5}), and the recommendation history to keep
 * for the next decision (the stabilization windows' memory).
 */
public record AutoscaleDecision(int current, int desired, Integer recommended, List<MetricReading> readings,
    String reason, List<Recommendation> history) {
  public AutoscaleDecision {
    readings = List.copyOf(readings);
    history = List.copyOf(history);
  }

  public boolean changes() {
    return desired != current;
  }

  public Optional<MetricReading> reading(io.orch.core.model.Autoscale.Metric metric) {
    return readings.stream().filter(r -> r.metric() == metric).findFirst();
  }

  /** The event for a change, {@code scaled from current to desired at now}; empty when nothing changes. */
  public Optional<ScaleEvent> event(java.time.Instant now) {
    return changes() ? Optional.of(new ScaleEvent(now, current, desired)) : Optional.empty();
  }
}
