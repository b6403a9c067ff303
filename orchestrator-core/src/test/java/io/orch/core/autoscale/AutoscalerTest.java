package io.orch.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Autoscale;
import io.orch.core.model.Autoscale.Behavior;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the HPA's rule in the planner's style: given the declaration, the samples and a fixed clock, the
 * count and why ({@code desired | reason}).
 */
class AutoscalerTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  /** No windows and no step limits: the bare rule. */
  private static final Behavior FREE = new Behavior(Duration.ZERO, null, Duration.ofSeconds(15));
  private static final Autoscale CPU_70 = new Autoscale(1, 10, 70, null, FREE, FREE);

  private List<Recommendation> history = List.of();
  private final List<ScaleEvent> events = new ArrayList<>();

  private static List<Sample> cpu(double... fractions) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < fractions.length; i++) {
      out.add(Sample.ready("web-" + (i + 1), fractions[i], null));
    }
    return out;
  }

  private AutoscaleDecision decide(Autoscale spec, int current, List<Sample> samples, Instant now) {
    AutoscaleDecision d = Autoscaler.decide(spec, current, samples, history, events, now);
    history = d.history();
    d.event(now).ifPresent(events::add);
    return d;
  }

  private String golden(Autoscale spec, int current, List<Sample> samples) {
    return golden(decide(spec, current, samples, NOW));
  }

  private static String golden(AutoscaleDecision d) {
    return d.desired() + " | " + d.reason();
  }

  @Test
  void theRuleIsCeilOfCurrentTimesUtilisationOverTarget() {
    assertThat(golden(CPU_70, 2, cpu(1.43, 1.43))).isEqualTo("5 | cpu 143% of 70% target: 2 -> 5");
    assertThat(golden(CPU_70, 4, cpu(0.2, 0.2, 0.2, 0.2))).isEqualTo("2 | cpu 20% of 70% target: 4 -> 2");
    // 2 x 105% / 70% is exactly 3: no floating-point 3.0000000000000004 rounding up to 4.
    assertThat(golden(CPU_70, 2, cpu(1.05, 1.05))).isEqualTo("3 | cpu 105% of 70% target: 2 -> 3");
  }

  @Test
  void theAverageIsOverTheReplicas() {
    AutoscaleDecision d = decide(CPU_70, 3, cpu(0.1, 0.5, 1.5), NOW);

    assertThat(golden(d)).isEqualTo("3 | cpu 70% of 70% target is within 10% of target: 3 kept");
    assertThat(d.reading(Autoscale.Metric.CPU)).hasValueSatisfying(r -> {
      assertThat(r.averaged()).isEqualTo(3);
      assertThat(r.ratio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    });
  }

  @Test
  void withinTenPercentOfTheTargetNothingChanges() {
    assertThat(golden(CPU_70, 4, cpu(0.77, 0.77, 0.77, 0.77)))
        .as("ratio 1.1: on the edge, still within").isEqualTo("4 | cpu 77% of 70% target is within 10% of target: 4 kept");
    assertThat(golden(CPU_70, 4, cpu(0.63, 0.63, 0.63, 0.63)))
        .isEqualTo("4 | cpu 63% of 70% target is within 10% of target: 4 kept");
    assertThat(golden(CPU_70, 4, cpu(0.78, 0.78, 0.78, 0.78))).isEqualTo("5 | cpu 78% of 70% target: 4 -> 5");
    assertThat(golden(CPU_70, 4, cpu(0.62, 0.62, 0.62, 0.62))).isEqualTo("4 | cpu 62% of 70% target: 4 kept");
  }

  @Test
  void theHighestProposalOverTheMetricsWins() {
    Autoscale both = new Autoscale(1, 10, 70, 80, FREE, FREE);
    List<Sample> samples = List.of(Sample.ready("a", 0.35, 1.6), Sample.ready("b", 0.35, 1.6));

    AutoscaleDecision d = decide(both, 2, samples, NOW);

    assertThat(golden(d)).isEqualTo("4 | memory 160% of 80% target: 2 -> 4");
    assertThat(d.readings()).extracting(MetricReading::metric, MetricReading::proposal)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Autoscale.Metric.CPU, 1),
            org.assertj.core.groups.Tuple.tuple(Autoscale.Metric.MEMORY, 4));
  }

  @Test
  void notReadyReplicasAreLeftOutOfTheAverage() {
    List<Sample> samples = List.of(Sample.ready("a", 1.4, null), Sample.notReady("b", 0.0, null),
        Sample.notReady("c", 3.0, null));

    AutoscaleDecision d = decide(CPU_70, 3, samples, NOW);

    assertThat(golden(d)).isEqualTo("6 | cpu 140% of 70% target: 3 -> 6");
    assertThat(d.reading(Autoscale.Metric.CPU)).hasValueSatisfying(r -> assertThat(r.averaged()).isEqualTo(1));
  }

  @Test
  void withoutAReadySampleNothingChanges() {
    assertThat(golden(CPU_70, 2, List.of())).isEqualTo("2 | no samples: 2 kept");
    assertThat(golden(CPU_70, 2, List.of(Sample.notReady("a", 2.0, null), Sample.notReady("b", 2.0, null))))
        .isEqualTo("2 | no ready replica to measure (2 not ready): 2 kept");
    assertThat(golden(CPU_70, 2, List.of(Sample.ready("a", null, 0.5))))
        .as("memory measured, but the target is cpu").isEqualTo("2 | no ready replica to measure: 2 kept");
    AutoscaleDecision none = decide(CPU_70, 2, List.of(), NOW);
    assertThat(none.recommended()).isNull();
    assertThat(none.readings()).isEmpty();
    assertThat(none.changes()).isFalse();
  }

  @Test
  void minAndMaxBoundTheCount() {
    Autoscale twoToFive = new Autoscale(2, 5, 70, null, FREE, FREE);
    assertThat(golden(twoToFive, 3, cpu(3.0, 3.0, 3.0)))
        .isEqualTo("5 | cpu 300% of 70% target recommends 13; capped at max 5: 3 -> 5");
    assertThat(golden(twoToFive, 3, cpu(0.0, 0.0, 0.0)))
        .isEqualTo("2 | cpu 0% of 70% target recommends 0; raised to min 2: 3 -> 2");
    assertThat(golden(twoToFive, 2, cpu(0.0, 0.0))).isEqualTo("2 | cpu 0% of 70% target recommends 0; raised to"
        + " min 2: 2 kept");
    assertThat(golden(twoToFive, 7, cpu(0.7))).as("a count outside the range moves into it at once")
        .isEqualTo("5 | 7 replicas is above max 5: 7 -> 5");
    assertThat(golden(twoToFive, 1, cpu(0.7))).isEqualTo("2 | 1 replicas is below min 2: 1 -> 2");
  }

  @Test
  void theScaleDownWindowHoldsTheHighestRecommendation() {
    Autoscale spec = new Autoscale(1, 10, 70, null, FREE,
        new Behavior(Duration.ofMinutes(5), null, Duration.ofSeconds(15)));

    assertThat(golden(decide(spec, 2, cpu(1.4, 1.4), NOW.minusSeconds(240))))
        .isEqualTo("4 | cpu 140% of 70% target: 2 -> 4");
    assertThat(golden(decide(spec, 4, cpu(0.5, 0.5, 0.5, 0.5), NOW.minusSeconds(120))))
        .isEqualTo("4 | cpu 50% of 70% target recommends 3; held by the 5m scale-down window (highest"
            + " recommendation 4): 4 kept");
    assertThat(golden(decide(spec, 4, cpu(0.1, 0.1, 0.1, 0.1), NOW)))
        .isEqualTo("4 | cpu 10% of 70% target recommends 1; held by the 5m scale-down window (highest"
            + " recommendation 4): 4 kept");
    // 5m after the 4: the highest left in the window is the 3 of 3 minutes ago.
    assertThat(golden(decide(spec, 4, cpu(0.1, 0.1, 0.1, 0.1), NOW.plusSeconds(60))))
        .isEqualTo("3 | cpu 10% of 70% target recommends 1; held by the 5m scale-down window (highest"
            + " recommendation 3): 4 -> 3");
    assertThat(golden(decide(spec, 3, cpu(0.1, 0.1, 0.1), NOW.plusSeconds(181))))
        .isEqualTo("1 | cpu 10% of 70% target: 3 -> 1");
    assertThat(history).extracting(Recommendation::replicas).as("older than the window: forgotten")
        .containsExactly(1, 1, 1);
  }

  @Test
  void theScaleUpWindowHoldsTheLowestRecommendation() {
    Autoscale spec = new Autoscale(1, 10, 70, null, new Behavior(Duration.ofSeconds(30), null,
        Duration.ofSeconds(15)), FREE);

    assertThat(golden(decide(spec, 2, cpu(0.7, 0.7), NOW.minusSeconds(20))))
        .isEqualTo("2 | cpu 70% of 70% target is within 10% of target: 2 kept");
    assertThat(golden(decide(spec, 2, cpu(1.4, 1.4), NOW.minusSeconds(10))))
        .isEqualTo("2 | cpu 140% of 70% target recommends 4; held by the 30s scale-up window (lowest"
            + " recommendation 2): 2 kept");
    assertThat(golden(decide(spec, 2, cpu(2.1, 2.1), NOW.plusSeconds(10))))
        .as("the 2 of 30s ago has left the window; the 4 of 20s ago holds")
        .isEqualTo("4 | cpu 210% of 70% target recommends 6; held by the 30s scale-up window (lowest"
            + " recommendation 4): 2 -> 4");
  }

  @Test
  void aBriefDipDoesNotScaleDownWithTheDefaultWindow() {
    Autoscale spec = new Autoscale(1, 10, 70, null, null, null);

    decide(spec, 1, cpu(2.8), NOW);
    for (int i = 1; i <= 19; i++) {
      assertThat(decide(spec, 4, cpu(0.05, 0.05, 0.05, 0.05), NOW.plusSeconds(15L * i)).desired()).isEqualTo(4);
    }
    assertThat(golden(decide(spec, 4, cpu(0.05, 0.05, 0.05, 0.05), NOW.plusSeconds(300))))
        .isEqualTo("1 | cpu 5% of 70% target: 4 -> 1");
  }

  @Test
  void scaleUpStepsAreLimitedPerPeriodCountingPastEvents() {
    Autoscale spec = new Autoscale(1, 20, 70, null,
        new Behavior(Duration.ZERO, 4, Duration.ofSeconds(15)), FREE);

    assertThat(golden(decide(spec, 1, cpu(7.0), NOW)))
        .isEqualTo("5 | cpu 700% of 70% target recommends 10; limited to +4 per 15s by scale_up.max_step: 1 -> 5");
    assertThat(golden(decide(spec, 5, cpu(1.4, 1.4, 1.4, 1.4, 1.4), NOW.plusSeconds(10))))
        .as("4 already added in this period")
        .isEqualTo("5 | cpu 140% of 70% target recommends 10; limited to +4 per 15s by scale_up.max_step: 5 kept");
    assertThat(golden(decide(spec, 5, cpu(1.4, 1.4, 1.4, 1.4, 1.4), NOW.plusSeconds(15))))
        .isEqualTo("9 | cpu 140% of 70% target recommends 10; limited to +4 per 15s by scale_up.max_step: 5 -> 9");
    assertThat(golden(decide(spec, 9, cpu(0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8), NOW.plusSeconds(30))))
        .isEqualTo("11 | cpu 80% of 70% target: 9 -> 11");
  }

  @Test
  void scaleDownStepsAreLimitedPerPeriod() {
    Autoscale spec = new Autoscale(1, 10, 70, null, FREE, new Behavior(Duration.ZERO, 1, Duration.ofSeconds(60)));

    assertThat(golden(decide(spec, 4, cpu(0.1, 0.1, 0.1, 0.1), NOW)))
        .isEqualTo("3 | cpu 10% of 70% target recommends 1; limited to -1 per 1m by scale_down.max_step: 4 -> 3");
    assertThat(golden(decide(spec, 3, cpu(0.1, 0.1, 0.1), NOW.plusSeconds(30))))
        .isEqualTo("3 | cpu 10% of 70% target recommends 1; limited to -1 per 1m by scale_down.max_step: 3 kept");
    assertThat(golden(decide(spec, 3, cpu(0.1, 0.1, 0.1), NOW.plusSeconds(60))))
        .isEqualTo("2 | cpu 10% of 70% target recommends 1; limited to -1 per 1m by scale_down.max_step: 3 -> 2");
  }

  @Test
  void theStepLimitGivesWayToMax() {
    Autoscale spec = new Autoscale(1, 3, 70, null, new Behavior(Duration.ZERO, 4, Duration.ofSeconds(15)), FREE);

    assertThat(golden(decide(spec, 1, cpu(7.0), NOW)))
        .isEqualTo("3 | cpu 700% of 70% target recommends 10; capped at max 3: 1 -> 3");
  }

  @Test
  void theHistoryKeepsTheLongerWindowOnly() {
    Autoscale spec = new Autoscale(1, 10, 70, null, new Behavior(Duration.ofSeconds(30), null,
        Duration.ofSeconds(15)), new Behavior(Duration.ofSeconds(60), null, Duration.ofSeconds(15)));
    history = List.of(new Recommendation(NOW.minusSeconds(90), 9), new Recommendation(NOW.minusSeconds(60), 8),
        new Recommendation(NOW.minusSeconds(59), 7));

    AutoscaleDecision d = decide(spec, 2, cpu(0.7, 0.7), NOW);

    assertThat(d.history()).containsExactly(new Recommendation(NOW.minusSeconds(59), 7),
        new Recommendation(NOW, 2));
  }
}
