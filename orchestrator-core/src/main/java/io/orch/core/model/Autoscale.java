package io.orch.core.model;

import java.time.Duration;

/**
 * {@code x-orch.autoscale}: the Kubernetes HorizontalPodAutoscaler's rule for one service on one host. The replica
 * count moves within [{@code min}, {@code max}] to keep the average utilisation of the ready replicas near each target
 * (a percentage of {@link #cpuBasis}/{@link #memoryBasis}: the reservation, else the limit). A null target is a metric
 * not used; at least one is set (the loader refuses a block without).
 */
public record Autoscale(int min, int max, Integer cpuPercent, Integer memoryPercent, Behavior scaleUp,
    Behavior scaleDown) {

  /** The metrics a service can scale on, in the order they are reported. */
  public enum Metric {
    CPU, MEMORY;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One direction's behaviour: a recommendation is acted on only once it has held for {@code stabilization}, and at
   * most {@code maxStep} replicas are added (removed) within any {@code period}; a null {@code maxStep} is no limit.
   */
  public record Behavior(Duration stabilization, Integer maxStep, Duration period) {
    public Behavior {
      stabilization = stabilization == null ? Duration.ZERO : stabilization;
      period = period == null ? DEFAULT_PERIOD : period;
      if (maxStep != null && maxStep < 1) {
        throw new IllegalArgumentException("max_step must be at least 1, got " + maxStep);
      }
    }
  }

  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(15);
  /** The HPA's scale-up default: act at once, at most 4 more replicas per 15 s (its Pods policy). */
  public static final Behavior SCALE_UP_DEFAULT = new Behavior(Duration.ZERO, 4, DEFAULT_PERIOD);
  /** The HPA's scale-down default: the highest recommendation of the last 5 minutes, no step limit (its 100%). */
  public static final Behavior SCALE_DOWN_DEFAULT = new Behavior(Duration.ofMinutes(5), null, DEFAULT_PERIOD);
  public static final int MAX_PERCENT = 1000;

  public Autoscale {
    scaleUp = scaleUp == null ? SCALE_UP_DEFAULT : scaleUp;
    scaleDown = scaleDown == null ? SCALE_DOWN_DEFAULT : scaleDown;
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("autoscale needs 1 <= min <= max, got min " + min + ", max " + max);
    }
    if (cpuPercent == null && memoryPercent == null) {
      throw new IllegalArgumentException("autoscale needs a cpu or memory target");
    }
  }

  /** The target in percent of the basis, or null when the metric is not used. */
  public Integer target(Metric metric) {
    return metric == Metric.CPU ? cpuPercent : memoryPercent;
  }

  /** The metrics with a target, CPU first. */
  public java.util.List<Metric> metrics() {
    return java.util.Arrays.stream(Metric.values()).filter(m -> target(m) != null).toList();
  }

  public int clamp(int replicas) {
    return Math.max(min, Math.min(max, replicas));
  }

  /** The CPUs utilisation is measured against: the reservation, else the limit; null when neither is set. */
  public static Double cpuBasis(Resources r) {
    if (r.reservedCpus() != null && r.reservedCpus() > 0) {
      return r.reservedCpus();
    }
    return r.cpus() != null && r.cpus() > 0 ? r.cpus() : null;
  }

  /** The bytes utilisation is measured against: the reservation, else the limit; null when neither is set. */
  public static Long memoryBasis(Resources r) {
    if (r.reservedMemoryBytes() != null && r.reservedMemoryBytes() > 0) {
      return r.reservedMemoryBytes();
    }
    return r.memoryBytes() != null && r.memoryBytes() > 0 ? r.memoryBytes() : null;
  }
}
