package io.orch.agent.autoscale;

import io.orch.core.autoscale.AutoscaleDecision;
import io.orch.core.autoscale.MetricReading;
import io.orch.core.autoscale.Recommendation;
import io.orch.core.autoscale.ScaleEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the autoscaler keeps of one service between decisions, and across agent restarts: the replica count it set,
 * the recommendations of the stabilization windows, the scale events the step limits count, and the last decision
 * (for the status: utilisation, recommendation and why).
 */
public record ServiceScaling(int replicas, List<Recommendation> history, List<ScaleEvent> events, Last last) {
  /** The last decision as the status shows it. */
  public record Last(Instant at, Integer recommended, List<MetricReading> readings, String reason) {
    public Last {
      readings = readings == null ? List.of() : List.copyOf(readings);
    }
  }

  public ServiceScaling {
    history = history == null ? List.of() : List.copyOf(history);
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** A service the autoscaler has not decided on yet: its starting count. */
  public static ServiceScaling starting(int replicas) {
    return new ServiceScaling(replicas, List.of(), List.of(), null);
  }

  /**
   * After {@code decision}: its count and history; its scale event, if it changed the count, joins those still
   * inside {@code keepEventsFor} (the longer step-limit period: older ones limit nothing).
   */
  public ServiceScaling after(AutoscaleDecision decision, Instant at, java.time.Duration keepEventsFor) {
    List<ScaleEvent> kept = new ArrayList<>();
    for (ScaleEvent e : events) {
      if (e.at().plus(keepEventsFor).isAfter(at)) {
        kept.add(e);
      }
    }
    decision.event(at).ifPresent(kept::add);
    return new ServiceScaling(decision.desired(), decision.history(), kept,
        new Last(at, decision.recommended(), decision.readings(), decision.reason()));
  }
}
