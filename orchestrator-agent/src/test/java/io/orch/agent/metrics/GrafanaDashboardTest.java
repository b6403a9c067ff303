package io.orch.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.agent.reconcile.ReconcileListener.Result;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.testing.RepoRoot;
import io.orch.agent.testing.Scrape;
import io.orch.core.engine.EngineEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/grafana/orch-dashboard.json is an importable dashboard whose every PromQL expression names only metrics the
 * agent exports: the names are taken from a scrape of the agent's own registry, so a renamed metric fails here.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = RepoRoot.examples().resolve("grafana").resolve("orch-dashboard.json");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");

  @Test
  void everyExpressionNamesOnlyExportedMetrics() throws Exception {
    Set<String> exported = exportedNames();
    List<String> expressions = expressions(new ObjectMapper().readTree(DASHBOARD.toFile()));
    assertThat(expressions).hasSizeGreaterThan(15);
    Set<String> used = new TreeSet<>();
    for (String expr : expressions) {
      Set<String> names = metricNames(expr);
      assertThat(names).as("metrics in %s", expr).isNotEmpty();
      assertThat(exported).as("exported names, for %s", expr).containsAll(names);
      used.addAll(names);
    }
    assertThat(used).as("what the dashboard must show").contains(
        "orch_service_replicas_desired", "orch_service_replicas_running", "orch_service_replicas_healthy",
        "orch_container_restarts_total", "orch_container_backoff_seconds", "orch_reconcile_duration_seconds_bucket",
        "orch_engine_request_duration_seconds_bucket", "orch_http_request_duration_seconds_bucket",
        "jvm_memory_used_bytes", "orch_service_autoscale_utilization_ratio",
        "orch_service_autoscale_desired_replicas");
  }

  @Test
  void isAnImportableDashboardWithAPrometheusDatasourceVariable() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertThat(dashboard.get("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(dashboard.get("uid").asText()).isNotBlank();
    JsonNode datasource = dashboard.at("/templating/list/0");
    assertThat(datasource.get("type").asText()).isEqualTo("datasource");
    assertThat(datasource.get("query").asText()).isEqualTo("prometheus");
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.at("/datasource/uid").asText()).as("datasource of %s", panel.get("title"))
            .isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void extractsMetricNamesFromPromql() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{route=~\"/v1.*\"}"
        + "[$__rate_interval])))")).containsExactly("a_bucket");
    assertThat(metricNames("count(b{x=\"y\"} < c) or vector(0)")).containsExactly("b", "c");
    assertThat(metricNames("d * on (job, instance) group_left (version) e")).containsExactly("d", "e");
    assertThat(metricNames("label_values(f{instance=~\"$instance\"}, stack)")).containsExactly("f");
  }

  /** Every panel target's {@code expr} and every query variable's {@code label_values(...)}. */
  private static List<String> expressions(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if ("query".equals(variable.path("type").asText())) {
        out.add(variable.at("/query/query").asText());
      }
    }
    return out;
  }

  /**
   * The metric names of a PromQL expression: drop strings, label matchers, ranges and label lists (by/on/...), then
   * every identifier left that is not a function call or keyword is a metric name. Enough for dashboard queries,
   * with no PromQL parser for Java to lean on.
   */
  static Set<String> metricNames(String promql) {
    String rest = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceFirst("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", "$1");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      boolean numberPart = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
      boolean call = rest.substring(m.end()).matches("(?s)\\s*\\(.*");
      if (!numberPart && !call && !KEYWORDS.contains(m.group().toLowerCase())) {
        names.add(m.group());
      }
    }
    return names;
  }

  /** What a real agent's registry exports once each kind of meter has a sample (rollouts included). */
  private static Set<String> exportedNames() {
    StatusBoard board = new StatusBoard();
    board.publish(OrchMetricsTest.stack("shop", OrchMetricsTest.service("shop", "web", 2, 2, 1)));
    OrchMetrics orch = new OrchMetrics(board, "test");
    try (AgentMeterRegistry meters = new AgentMeterRegistry(orch)) {
      orch.passFinished("shop", Duration.ofMillis(20), Result.SUCCESS);
      orch.emit(new AgentEvent(Instant.EPOCH, EventType.CONTAINER_RESTARTED, "shop", "web", 1, "shop-web-1", "exit", "m"));
      orch.engineEvent(new EngineEvent("container", "die", "x", Map.of(), Instant.EPOCH));
      orch.onCall("container.start", Duration.ofMillis(5), true);
      orch.onRequest("GET", "/v1/stacks", 200, Duration.ofMillis(1));
      orch.rolloutFinished("shop", "web", "completed");
      new AutoscaleMetrics(AutoscaleMetricsTest.decided()).bindTo(meters.registry());
      Set<String> names = new TreeSet<>(Scrape.parse(meters.scrape()).names());
      // Present once the JVM has paused for GC, which a short test cannot force; its name is Micrometer's.
      names.addAll(List.of("jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_max"));
      // Added by Prometheus to every target, not by the agent.
      names.add("up");
      return names;
    }
  }
}
