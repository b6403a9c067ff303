package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Container;
import io.orch.agent.testing.Scrape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scrapes a real agent's {@code /metrics} after a scenario (kill -9 a replica, scale, make one unhealthy) and checks
 * exact series and values, bounded labels, the disappearance of a removed stack, and {@code promtool check metrics}.
 */
class MetricsIT extends AgentItBase {
  private static final String WEB = """
      services:
        web:
          image: IMAGE
          command: ["sh", "-c", "touch /tmp/healthy; exec sleep 3600"]
          stop_grace_period: 1s
          deploy:
            replicas: 2
          healthcheck:
            test: ["CMD", "test", "-f", "/tmp/healthy"]
            interval: 1s
            timeout: 1s
            retries: 2
      """;

  @Test
  void exportsExactSeriesAfterKillScaleAndUnhealthy() throws Exception {
    submit(WEB);
    awaitConverged(Duration.ofSeconds(60));
    awaitReplicas(2, 2, 2);

    Container victim = containers("web").get(1);
    long pid = docker.inspectContainerCmd(victim.getId()).exec().getState().getPidLong();
    assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    awaitValue(series("orch_container_restarts_total", "reason=\"exit\",service=\"web\""), 1.0);
    awaitConverged(Duration.ofSeconds(60));

    client().scale(stack, "web", 3);
    awaitConverged(Duration.ofSeconds(60));
    awaitReplicas(3, 3, 3);

    Container sick = containers("web").get(0);
    ExecCreateCmdResponse exec = docker.execCreateCmd(sick.getId()).withCmd("rm", "/tmp/healthy").exec();
    docker.execStartCmd(exec.getId()).start().awaitCompletion(10, TimeUnit.SECONDS);
    awaitValue(series("orch_container_restarts_total", "reason=\"unhealthy\",service=\"web\""), 1.0);
    awaitConverged(Duration.ofSeconds(60));
    awaitReplicas(3, 3, 3);

    Scrape scrape = Scrape.of(agent.addr());
    assertThat(scrape.value(series("orch_container_restarts_total", "reason=\"exit\",service=\"web\"")))
        .isEqualTo(1.0);
    assertThat(scrape.value(series("orch_container_restarts_total", "reason=\"unhealthy\",service=\"web\"")))
        .isEqualTo(1.0);
    assertThat(scrape.value(series("orch_container_restarts_total", "reason=\"oom\",service=\"web\""))).isZero();
    for (int slot = 1; slot <= 3; slot++) {
      assertThat(scrape.value("orch_container_backoff_seconds{service=\"web\",slot=\"" + slot + "\",stack=\""
          + stack + "\"}")).as("backoff of slot %d", slot).isEqualTo(0.0);
    }
    assertThat(scrape.value("orch_build_info{version=\"" + client().info().version() + "\"}")).isEqualTo(1.0);
    assertThat(scrape.value("orch_reconcile_total{result=\"success\"}")).isPositive();
    assertThat(scrape.value("orch_reconcile_total{result=\"error\"}")).isZero();
    assertThat(scrape.value("orch_reconcile_duration_seconds_bucket{le=\"+Inf\"}"))
        .isEqualTo(scrape.value("orch_reconcile_duration_seconds_count"))
        .isGreaterThanOrEqualTo(scrape.value("orch_reconcile_total{result=\"success\"}"));
    assertThat(scrape.value("orch_engine_events_total{type=\"die\"}")).isGreaterThanOrEqualTo(1.0);
    assertThat(scrape.value("orch_engine_events_total{type=\"health_status\"}")).isGreaterThanOrEqualTo(1.0);
    // 2 replicas, 1 by the scale-up and 1 replacing the unhealthy one; the killed one was started again in place.
    assertThat(scrape.value("orch_engine_request_duration_seconds_count{operation=\"container.create\"}"))
        .isEqualTo(4.0);
    assertThat(scrape.value("orch_http_request_duration_seconds_count{method=\"POST\","
        + "route=\"/v1/stacks/{stack}/services/{service}/scale\",status=\"200\"}")).isEqualTo(1.0);
    assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
        "jvm_classes_loaded_classes", "process_cpu_seconds_total", "process_uptime_seconds",
        "process_files_open_files", "system_cpus_available");

    List<String> ids = containers().stream().map(Container::getId).toList();
    assertThat(ids).isNotEmpty();
    for (String id : ids) {
      assertThat(scrape.text()).as("no container id in any label").doesNotContain(id.substring(0, 12));
    }
    assertThat(scrape.text()).as("no image in any label").doesNotContain(image);
    assertPromtoolAccepts(scrape.text());

    client().delete(stack, true);
    await("series of the removed stack gone").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(Scrape.of(agent.addr()).text()).doesNotContain("stack=\"" + stack + "\""));
  }

  /** `promtool check metrics` reads the exposition on stdin; lint problems make it exit non-zero and print them. */
  static void assertPromtoolAccepts(String text) throws IOException, InterruptedException {
    Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = promtool.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("promtool check metrics output").isBlank();
    assertThat(promtool.exitValue()).as("promtool exit code; output: %s", output).isZero();
  }

  private void awaitReplicas(int desired, int running, int healthy) {
    await("replica gauges " + desired + "/" + running + "/" + healthy).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
          Scrape s = Scrape.of(agent.addr());
          assertThat(s.value(series("orch_service_replicas_desired", "service=\"web\""))).isEqualTo(desired);
          assertThat(s.value(series("orch_service_replicas_running", "service=\"web\""))).isEqualTo(running);
          assertThat(s.value(series("orch_service_replicas_healthy", "service=\"web\""))).isEqualTo(healthy);
        });
  }

  private void awaitValue(String series, double expected) {
    await(series + " = " + expected).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(Scrape.of(agent.addr()).value(series)).isEqualTo(expected));
  }

  /** Labels in the order Micrometer writes them (alphabetical): {@code labelsBeforeStack} then {@code stack}. */
  private String series(String name, String labelsBeforeStack) {
    return name + "{" + labelsBeforeStack + ",stack=\"" + stack + "\"}";
  }
}
