package io.orch.agent.metrics;

import io.orch.agent.status.ServicePhase;
import io.orch.core.engine.ObservedContainer;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.agent.reconcile.ReconcileListener.Result;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.core.engine.EngineEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrchMetricsTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  final StatusBoard board = new StatusBoard();
  final Map<String, Instant> backoffs = new HashMap<>();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OrchMetrics metrics =
      new OrchMetrics(board, name -> Optional.ofNullable(backoffs.get(name)), "1.2.3",
          Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void bind() {
    metrics.bindTo(registry);
  }

  @Test
  void replicaGaugesFollowTheLastPublishedStatus() {
    board.publish(stack("shop", service("shop", "web", 3, 2, 1), service("shop", "db", 1, 1, 1)));
    metrics.passFinished("shop", Duration.ofMillis(12), Result.SUCCESS);

    assertThat(scrape()).contains(
        "orch_service_replicas_desired{service=\"web\",stack=\"shop\"} 3.0",
        "orch_service_replicas_running{service=\"web\",stack=\"shop\"} 2.0",
        "orch_service_replicas_healthy{service=\"web\",stack=\"shop\"} 1.0",
        "orch_service_replicas_desired{service=\"db\",stack=\"shop\"} 1.0");

    board.publish(stack("shop", service("shop", "web", 3, 3, 3), service("shop", "db", 1, 1, 1)));
    metrics.passFinished("shop", Duration.ofMillis(12), Result.SUCCESS);
    assertThat(scrape()).contains("orch_service_replicas_healthy{service=\"web\",stack=\"shop\"} 3.0");
  }

  @Test
  void removedServicesAndStacksDisappear() {
    board.publish(stack("shop", service("shop", "web", 2, 2, 2), service("shop", "db", 1, 1, 1)));
    board.publish(stack("blog", service("blog", "app", 1, 1, 1)));
    metrics.passFinished("blog", Duration.ofMillis(5), Result.SUCCESS);

    board.publish(stack("shop", service("shop", "web", 2, 2, 2)));
    board.remove("blog");
    metrics.passFinished("shop", Duration.ofMillis(5), Result.SUCCESS);

    String text = scrape();
    assertThat(text).contains("orch_service_replicas_desired{service=\"web\",stack=\"shop\"} 2.0")
        .doesNotContain("service=\"db\"").doesNotContain("stack=\"blog\"");
  }

  @Test
  void countsRestartsByReasonFromZero() {
    board.publish(stack("shop", service("shop", "web", 2, 2, 2), service("shop", "db", 1, 1, 1)));
    metrics.passFinished("shop", Duration.ofMillis(5), Result.SUCCESS);
    assertThat(scrape()).contains(
        "orch_container_restarts_total{reason=\"exit\",service=\"web\",stack=\"shop\"} 0.0",
        "orch_container_restarts_total{reason=\"oom\",service=\"db\",stack=\"shop\"} 0.0");

    restarted("shop", "web", "exit");
    restarted("shop", "web", "exit");
    restarted("shop", "web", "unhealthy");
    restarted("shop", "db", "oom");
    metrics.emit(new AgentEvent(NOW, EventType.CONTAINER_STARTED, "shop", "web", 1, "shop-web-1", null, "started"));

    assertThat(scrape()).contains(
        "orch_container_restarts_total{reason=\"exit\",service=\"web\",stack=\"shop\"} 2.0",
        "orch_container_restarts_total{reason=\"unhealthy\",service=\"web\",stack=\"shop\"} 1.0",
        "orch_container_restarts_total{reason=\"oom\",service=\"web\",stack=\"shop\"} 0.0",
        "orch_container_restarts_total{reason=\"oom\",service=\"db\",stack=\"shop\"} 1.0");
  }

  @Test
  void restartCountersOfRemovedServicesAndStacksDisappear() {
    board.publish(stack("shop", service("shop", "web", 1, 1, 1), service("shop", "db", 1, 1, 1)));
    board.publish(stack("blog", service("blog", "app", 1, 1, 1)));
    metrics.passFinished("blog", Duration.ofMillis(5), Result.SUCCESS);
    restarted("shop", "db", "exit");
    restarted("blog", "app", "exit");

    board.publish(stack("shop", service("shop", "web", 1, 1, 1)));
    board.remove("blog");
    metrics.passFinished("blog", Duration.ofMillis(5), Result.SUCCESS);

    assertThat(scrape()).doesNotContain("stack=\"blog\"").doesNotContain("service=\"db\"")
        .contains("orch_container_restarts_total{reason=\"exit\",service=\"web\",stack=\"shop\"} 0.0");
  }

  @Test
  void backoffGaugeShowsTheWaitLeftPerSlot() {
    board.publish(stack("shop", service("shop", "web", 2, 1, 1)));
    backoffs.put("shop-web-2", NOW.plusMillis(7_500));
    metrics.passFinished("shop", Duration.ofMillis(5), Result.SUCCESS);

    assertThat(scrape()).contains(
        "orch_container_backoff_seconds{service=\"web\",slot=\"1\",stack=\"shop\"} 0.0",
        "orch_container_backoff_seconds{service=\"web\",slot=\"2\",stack=\"shop\"} 7.5");

    backoffs.remove("shop-web-2"); // restarted: read at scrape time, no pass needed
    assertThat(scrape()).contains("orch_container_backoff_seconds{service=\"web\",slot=\"2\",stack=\"shop\"} 0.0");
  }

  @Test
  void reconcilePassesAreCountedByResultAndTimedIntoBuckets() {
    metrics.passFinished("shop", Duration.ofMillis(30), Result.SUCCESS);
    metrics.passFinished("shop", Duration.ofMillis(30), Result.RETRY);

    assertThat(scrape()).contains(
        "orch_reconcile_total{result=\"success\"} 1.0",
        "orch_reconcile_total{result=\"retry\"} 1.0",
        "orch_reconcile_total{result=\"error\"} 0.0",
        "orch_reconcile_duration_seconds_bucket{le=\"0.025\"} 0",
        "orch_reconcile_duration_seconds_bucket{le=\"0.05\"} 2",
        "orch_reconcile_duration_seconds_count 2");
  }

  @Test
  void engineEventsAreCountedByBoundedActionFamily() {
    engineEvent("die");
    engineEvent("health_status: unhealthy");
    engineEvent("health_status: healthy");
    engineEvent("exec_start: rm /tmp/healthy");
    engineEvent("something-new");

    assertThat(scrape()).contains(
        "orch_engine_events_total{type=\"die\"} 1.0",
        "orch_engine_events_total{type=\"health_status\"} 2.0",
        "orch_engine_events_total{type=\"exec_start\"} 1.0",
        "orch_engine_events_total{type=\"other\"} 1.0");
  }

  @Test
  void engineCallsAndApiRequestsAreTimedWithBoundedLabels() {
    metrics.onCall("container.create", Duration.ofMillis(40), true);
    metrics.onRequest("GET", "/v1/stacks/{stack}", 200, Duration.ofMillis(3));
    metrics.onRequest("BREW", "unmatched", 405, Duration.ofMillis(1));

    assertThat(scrape()).contains(
        "orch_engine_request_duration_seconds_count{operation=\"container.create\"} 1",
        "orch_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/stacks/{stack}\",status=\"200\"} 1",
        "orch_http_request_duration_seconds_count{method=\"other\",route=\"unmatched\",status=\"405\"} 1");
  }

  @Test
  void exportsTheBuildVersion() {
    assertThat(scrape()).contains("orch_build_info{version=\"1.2.3\"} 1");
  }

  private void restarted(String stack, String service, String reason) {
    metrics.emit(new AgentEvent(NOW, EventType.CONTAINER_RESTARTED, stack, service, 1, stack + "-" + service + "-1", reason,
        "restarted"));
  }

  private void engineEvent(String action) {
    metrics.engineEvent(new EngineEvent("container", action, "0123456789ab", Map.of(), NOW));
  }

  private String scrape() {
    return registry.scrape();
  }

  static StackStatus stack(String name, ServiceStatus... services) {
    return new StackStatus(name, 1, NOW, false, NOW, List.of(services));
  }

  static ServiceStatus service(String stack, String name, int desired, int running, int healthy) {
    List<ContainerStatus> containers = IntStream.rangeClosed(1, desired)
        .mapToObj(slot -> new ContainerStatus(stack + "-" + name + "-" + slot, "id" + slot, slot,
            slot <= running ? ObservedContainer.State.RUNNING : ObservedContainer.State.EXITED,
            slot <= healthy ? ObservedContainer.Health.HEALTHY : ObservedContainer.Health.UNHEALTHY, 0, null, false, NOW,
            null))
        .toList();
    return new ServiceStatus(stack, name, "busybox", desired, running, healthy, true, 0, ServicePhase.RUNNING, null,
        null, List.of(), containers, null);
  }
}
