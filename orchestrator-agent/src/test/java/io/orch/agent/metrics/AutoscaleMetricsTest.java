package io.orch.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.testing.Scrape;
import io.orch.core.autoscale.AutoscaleDecision;
import io.orch.core.autoscale.Autoscaler;
import io.orch.core.autoscale.Sample;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.Stack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoscaleMetricsTest {
  static final Stack STACK = load("""
      services:
        api:
          image: busybox
          deploy:
            replicas: 2
            resources: {reservations: {cpus: "0.5", memory: 256m}}
          x-orch:
            autoscale: {min: 1, max: 8, cpu: 70%, memory: 80%}
      """);

  private static Stack load(String yaml) {
    LoadResult r = new StackLoader(Map.of(), ReplicaLimit.DEFAULT).loadText(yaml, "test", null, "shop", Set.of());
    return r.stack();
  }

  /** Autoscaling after one decision for shop/api: cpu 143%, memory 40%, 2 -> 5. */
  static Autoscaling decided() {
    Autoscaling a = Autoscaling.inMemory();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    AutoscaleDecision d = Autoscaler.decide(a.rule("shop", STACK.service("api")), 2,
        List.of(Sample.ready("a", 1.43, 0.4), Sample.ready("b", 1.43, 0.4)), List.of(), List.of(), now);
    a.submit("shop", "api", d, now);
    a.fold("shop", STACK, now);
    return a;
  }

  @Test
  void exportsUtilisationTargetAndDesiredReplicasAndFollowsLaterDecisions() {
    Autoscaling a = decided();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new AutoscaleMetrics(a).bindTo(registry);

    Scrape s = Scrape.parse(registry.scrape());
    assertThat(s.value("orch_service_autoscale_desired_replicas{service=\"api\",stack=\"shop\"}")).isEqualTo(5.0);
    assertThat(s.value("orch_service_autoscale_utilization_ratio{metric=\"cpu\",service=\"api\",stack=\"shop\"}"))
        .isEqualTo(1.43);
    assertThat(s.value("orch_service_autoscale_utilization_ratio{metric=\"memory\",service=\"api\",stack=\"shop\"}"))
        .isEqualTo(0.4);
    assertThat(s.value("orch_service_autoscale_target_ratio{metric=\"cpu\",service=\"api\",stack=\"shop\"}"))
        .isEqualTo(0.7);

    a.remove("shop");
    assertThat(Scrape.parse(registry.scrape()).names()).doesNotContain("orch_service_autoscale_desired_replicas");
  }
}
