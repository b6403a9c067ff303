package io.orch.core.autoscale;

import io.orch.core.model.Autoscale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes HorizontalPodAutoscaler's decision for one service, as a pure function of the declaration, the
 * current count, the replicas' samples, the recommendation history, past scale events and the clock:
 * <ol>
 *   <li>per metric, the average utilisation over the <em>ready</em> replicas; a metric within {@link #TOLERANCE} of
 *       its target proposes the current count, else {@code ceil(current * utilisation / target)}; the highest
 *       proposal is the recommendation. No ready replica with a value: nothing changes;</li>
 *   <li>stabilization: the lowest recommendation over the scale-up window bounds an increase, the highest over the
 *       scale-down window bounds a decrease (the HPA's {@code stabilizeRecommendationWithBehaviors});</li>
 *   <li>step limits: at most {@code max_step} replicas added (removed) within any {@code period}, counting the scale
 *       events inside it (the HPA's Pods policy);</li>
 *   <li>clamping to [min, max]; a count outside the range moves into it at once.</li>
 * </ol>
 */
public final class Autoscaler {
  /** The HPA's default {@code --horizontal-pod-autoscaler-tolerance}. */
  public static final double TOLERANCE = 0.1;

  private Autoscaler() {}

  public static AutoscaleDecision decide(Autoscale spec, int current, List<Sample> samples,
      List<Recommendation> history, List<ScaleEvent> events, Instant now) {
    List<MetricReading> readings = readings(spec, current, samples);
    if (current < spec.min() || current > spec.max()) {
      int to = spec.clamp(current);
      String why = current < spec.min() ? current + " replicas is below min " + spec.min()
          : current + " replicas is above max " + spec.max();
      return new AutoscaleDecision(current, to, null, readings, why + ": " + current + " -> " + to,
          keep(spec, history, now, null));
    }
    if (readings.isEmpty()) {
      long notReady = samples.stream().filter(s -> !s.ready()).count();
      String why = samples.isEmpty() ? "no samples" : "no ready replica to measure"
          + (notReady > 0 ? " (" + notReady + " not ready)" : "");
      return new AutoscaleDecision(current, current, null, readings, why + ": " + current + " kept",
          keep(spec, history, now, null));
    }
    MetricReading deciding = readings.get(0);
    for (MetricReading r : readings) {
      if (r.proposal() > deciding.proposal()) {
        deciding = r;
      }
    }
    int recommended = deciding.proposal();
    List<Recommendation> kept = keep(spec, history, now, null);

    // Stabilization: the HPA's window semantics, the current recommendation included.
    int upRecommendation = recommended;
    int downRecommendation = recommended;
    Instant upCutoff = now.minus(spec.scaleUp().stabilization());
    Instant downCutoff = now.minus(spec.scaleDown().stabilization());
    for (Recommendation r : kept) {
      if (r.at().isAfter(upCutoff)) {
        upRecommendation = Math.min(upRecommendation, r.replicas());
      }
      if (r.at().isAfter(downCutoff)) {
        downRecommendation = Math.max(downRecommendation, r.replicas());
      }
    }
    int stabilized = Math.min(Math.max(current, upRecommendation), downRecommendation);
    List<String> clauses = new ArrayList<>();
    if (stabilized != recommended) {
      clauses.add(stabilized > recommended
          ? "held by the " + text(spec.scaleDown().stabilization()) + " scale-down window (highest recommendation "
              + downRecommendation + ")"
          : "held by the " + text(spec.scaleUp().stabilization()) + " scale-up window (lowest recommendation "
              + upRecommendation + ")");
    }

    int desired = stabilized;
    if (stabilized > current) {
      int limit = upLimit(spec.scaleUp(), current, events, now);
      if (limit < spec.max() && stabilized > limit) {
        desired = limit;
        clauses.add("limited to +" + spec.scaleUp().maxStep() + " per " + text(spec.scaleUp().period())
            + " by scale_up.max_step");
      } else if (stabilized > spec.max()) {
        desired = spec.max();
        clauses.add("capped at max " + spec.max());
      }
    } else if (stabilized < current) {
      int limit = downLimit(spec.scaleDown(), current, events, now);
      if (limit > spec.min() && stabilized < limit) {
        desired = limit;
        clauses.add("limited to -" + spec.scaleDown().maxStep() + " per " + text(spec.scaleDown().period())
            + " by scale_down.max_step");
      } else if (stabilized < spec.min()) {
        desired = spec.min();
        clauses.add("raised to min " + spec.min());
      }
    }

    String what;
    if (clauses.isEmpty() && deciding.withinTolerance() && recommended == current) {
      what = deciding.describe() + " is within " + Math.round(TOLERANCE * 100) + "% of target";
    } else if (clauses.isEmpty()) {
      what = deciding.describe();
    } else {
      what = deciding.describe() + " recommends " + recommended + "; " + String.join("; ", clauses);
    }
    String outcome = desired == current ? current + " kept" : current + " -> " + desired;
    return new AutoscaleDecision(current, desired, recommended, readings, what + ": " + outcome,
        keep(spec, history, now, new Recommendation(now, recommended)));
  }

  /** Each metric with a target and at least one ready replica measuring it, CPU first. */
  private static List<MetricReading> readings(Autoscale spec, int current, List<Sample> samples) {
    List<MetricReading> out = new ArrayList<>();
    for (Autoscale.Metric metric : spec.metrics()) {
      double sum = 0;
      int n = 0;
      for (Sample s : samples) {
        Double v = s.value(metric);
        if (s.ready() && v != null) {
          sum += v;
          n++;
        }
      }
      if (n == 0) {
        continue;
      }
      double utilisation = sum / n;
      double target = spec.target(metric) / 100.0;
      double ratio = utilisation / target;
      // 1e-9 of slack: 77% of a 70% target is a ratio of 1.1000000000000001 in doubles, and 1.1 is within.
      boolean within = Math.abs(ratio - 1.0) <= TOLERANCE + 1e-9;
      // The product is rounded to 1e-9 first so that 2 x 105% / 70% is 3, not ceil(3.0000000000000004) = 4.
      int proposal = within ? current : (int) Math.ceil(Math.round(current * ratio * 1e9) / 1e9);
      out.add(new MetricReading(metric, utilisation, target, n, proposal, within));
    }
    return out;
  }

  /** The HPA's Pods policy upwards: the count at the period's start plus max_step, never below the current count. */
  static int upLimit(Autoscale.Behavior up, int current, List<ScaleEvent> events, Instant now) {
    if (up.maxStep() == null) {
      return Integer.MAX_VALUE;
    }
    int added = events.stream().filter(e -> inPeriod(e, up.period(), now) && e.change() > 0)
        .mapToInt(ScaleEvent::change).sum();
    return Math.max(current, current - added + up.maxStep());
  }

  /** The Pods policy downwards: the count at the period's start minus max_step, never above the current count. */
  static int downLimit(Autoscale.Behavior down, int current, List<ScaleEvent> events, Instant now) {
    if (down.maxStep() == null) {
      return Integer.MIN_VALUE;
    }
    int removed = events.stream().filter(e -> inPeriod(e, down.period(), now) && e.change() < 0)
        .mapToInt(e -> -e.change()).sum();
    return Math.min(current, current + removed - down.maxStep());
  }

  private static boolean inPeriod(ScaleEvent e, Duration period, Instant now) {
    return e.at().plus(period).isAfter(now);
  }

  /** The history within the longer window, plus {@code latest}; older entries are of no use to either window. */
  private static List<Recommendation> keep(Autoscale spec, List<Recommendation> history, Instant now,
      Recommendation latest) {
    Duration longest = spec.scaleUp().stabilization().compareTo(spec.scaleDown().stabilization()) > 0
        ? spec.scaleUp().stabilization() : spec.scaleDown().stabilization();
    Instant cutoff = now.minus(longest);
    List<Recommendation> out = new ArrayList<>();
    for (Recommendation r : history) {
      if (r.at().isAfter(cutoff)) {
        out.add(r);
      }
    }
    if (latest != null) {
      out.add(latest);
    }
    return out;
  }

  /** {@code 5m}, {@code 1m30s}, {@code 0s}. */
  static String text(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long s = d.getSeconds();
    StringBuilder sb = new StringBuilder();
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      sb.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || d.getNano() > 0) {
      sb.append(s);
      if (d.getNano() > 0) {
        sb.append('.').append(String.format(java.util.Locale.ROOT, "%03d", d.getNano() / 1_000_000));
      }
      sb.append('s');
    }
    return sb.toString();
  }
}
