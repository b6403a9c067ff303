package io.orch.core.plan;

import static io.orch.core.plan.Fixtures.IMAGE;
import static io.orch.core.plan.Fixtures.NOW;
import static io.orch.core.plan.Fixtures.STACK;
import static io.orch.core.plan.Fixtures.container;
import static io.orch.core.plan.Fixtures.managedNetwork;
import static io.orch.core.plan.Fixtures.managedVolume;
import static io.orch.core.plan.Fixtures.observed;
import static io.orch.core.plan.Fixtures.service;
import static io.orch.core.plan.Fixtures.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.BuildSpec;
import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.PortSpec;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.restart.ReplicaSlot;
import io.orch.core.restart.RestartHistories;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanPreviewTest {
  private static final HealthCheck HEALTHCHECK =
      new HealthCheck(List.of("CMD", "true"), Duration.ofSeconds(5), null, null, null, null);
  private static final ObservedState EMPTY_ENGINE = new ObservedState(List.of(), List.of(), List.of(), List.of(IMAGE));
  private static final Dependency HEALTHY = new Dependency(Dependency.Condition.SERVICE_HEALTHY, true);

  private RestartHistories restarts = RestartHistories.EMPTY;

  private PlanPreview preview(Stack desired, Stack previous, ObservedState observed) {
    return PlanPreview.of(new Planner(), STACK, desired, previous, false, observed, restarts, NOW);
  }

  @Test
  void listsTheDependentsInALaterStepMarkedAsWaiting() {
    Stack elk = stack(service("elasticsearch").withHealthcheck(HEALTHCHECK),
        service("logstash").withDependsOn(Map.of("elasticsearch", HEALTHY)),
        service("kibana").withDependsOn(Map.of("elasticsearch", HEALTHY)));

    PlanPreview preview = preview(elk, null, EMPTY_ENGINE);

    assertThat(preview).hasToString("""
        step 1:
          create network shop_default (missing)
          create shop-elasticsearch-1 (scale up)
          kibana waits for elasticsearch (service_healthy)
          logstash waits for elasticsearch (service_healthy)
        step 2:
          create shop-kibana-1 (scale up)
          create shop-logstash-1 (scale up)
        """);
    assertThat(preview.actionLines()).containsExactly("create network shop_default (missing)",
        "create shop-elasticsearch-1 (scale up)", "create shop-kibana-1 (scale up)",
        "create shop-logstash-1 (scale up)");
    // The first pass is what the reconcile loop does now: elasticsearch alone.
    assertThat(preview.first()).hasToString("""
        create network shop_default (missing)
        create shop-elasticsearch-1 (scale up)
        """);
    assertThat(preview.truncated()).isFalse();
  }

  @Test
  void aChainOfDependenciesTakesOneStepPerLink() {
    Dependency started = new Dependency(Dependency.Condition.SERVICE_STARTED, true);
    Stack chain = stack(service("db"), service("api").withDependsOn(Map.of("db", started)),
        service("web").withDependsOn(Map.of("api", started)));

    assertThat(preview(chain, null, EMPTY_ENGINE)).hasToString("""
        step 1:
          create network shop_default (missing)
          create shop-db-1 (scale up)
          api waits for db (service_started)
          web waits for api (service_started)
        step 2:
          create shop-api-1 (scale up)
          web waits for api (service_started)
        step 3:
          create shop-web-1 (scale up)
        """);
  }

  @Test
  void aRollingUpdateShowsEveryStepWithTheChangedFields() {
    ServiceSpec v1 = service("web").withReplicas(3);
    Stack old = stack(v1);
    Stack updated = stack(v1.withEnvironment(Map.of("COLOR", "blue")).toBuilder().image("busybox:1.37").build());

    PlanPreview preview = preview(updated, old,
        observed(container(old, "web", 1), container(old, "web", 2), container(old, "web", 3)));

    // One replica at a time (parallelism 1), each after the one before ran for update_config.monitor (5s).
    assertThat(preview).hasToString("""
        step 1:
          pull busybox:1.37 for web (image missing)
          stop shop-web-1 (spec changed)
          remove shop-web-1 (spec changed)
          create shop-web-1 (spec changed: environment, image)
        step 2 (after 5s):
          stop shop-web-2 (spec changed)
          remove shop-web-2 (spec changed)
          create shop-web-2 (spec changed: environment, image)
        step 3 (after 5s):
          stop shop-web-3 (spec changed)
          remove shop-web-3 (spec changed)
          create shop-web-3 (spec changed: environment, image)
        """);
  }

  @Test
  void aRolloutStepWaitsForMonitorThenDelay() {
    UpdateConfig twoAtATime = new UpdateConfig(2, Duration.ofSeconds(30), UpdateConfig.FailureAction.PAUSE,
        Duration.ofSeconds(10), 0.0, UpdateConfig.Order.STOP_FIRST);
    ServiceSpec v1 = service("web").withReplicas(3).withUpdateConfig(twoAtATime);
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("httpd", "-f")));
    // Slot 1 was replaced 4s ago and is still monitored: one of two in flight, so slot 2 goes now. Slot 3 waits for
    // both to settle (slot 2 has 10s of monitor) and then the delay of 30s.
    ObservedState midway = observed(container(updated, "web", 1).startedAt(NOW.minusSeconds(4)),
        container(old, "web", 2), container(old, "web", 3));

    assertThat(preview(updated, old, midway)).hasToString("""
        step 1:
          stop shop-web-2 (spec changed)
          remove shop-web-2 (spec changed)
          create shop-web-2 (spec changed: command)
        step 2 (after 40s):
          stop shop-web-3 (spec changed)
          remove shop-web-3 (spec changed)
          create shop-web-3 (spec changed: command)
        """);
  }

  @Test
  void aReplicaWhoseSpecIsOlderThanTheStoredOneNamesNoFields() {
    Stack oldest = stack(service("web").withCommand(List.of("a")));
    Stack stored = stack(service("web").withCommand(List.of("b")));
    Stack updated = stack(service("web").withCommand(List.of("c")));

    assertThat(preview(updated, stored, observed(container(oldest, "web", 1)))).hasToString("""
        step 1:
          stop shop-web-1 (spec changed)
          remove shop-web-1 (spec changed)
          create shop-web-1 (spec changed)
        """);
  }

  @Test
  void namesOnlyTheFieldsThatReplaceContainers() {
    ServiceSpec v1 = service("web").withPorts(List.of(new PortSpec(null, 8080, 80, "tcp")));
    Stack old = stack(v1);
    // depends_on and restart policy alone replace nothing; the stop grace period is in the container.
    Stack updated = stack(service("db"), v1.withStopGracePeriod(Duration.ofSeconds(30))
        .withDependsOn(Map.of("db", new Dependency(Dependency.Condition.SERVICE_STARTED, true)))
        .withRestartPolicy(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, null, null)));

    assertThat(SpecDiff.changedFields(updated, old.service("web"), updated.service("web")))
        .containsExactly("stop_grace_period");
    assertThat(SpecDiff.changedFields(updated, v1, v1)).isEmpty();
  }

  @Test
  void aRebuiltImageIsNamedAsTheImageNotAsLabels() {
    // `up --build` stamps the built image's id as a label; the user changed no label of theirs.
    ServiceSpec built = service("web").withBuild(BuildSpec.ofContext("/src/web"))
        .withLabels(Map.of(Labels.COMPOSE_IMAGE, "sha256:aaa", "team", "shop"));
    Stack before = stack(built);
    Stack rebuilt = stack(built.withLabels(Map.of(Labels.COMPOSE_IMAGE, "sha256:bbb", "team", "shop")));

    assertThat(preview(rebuilt, before, observed(container(before, "web", 1)))).hasToString("""
        step 1:
          stop shop-web-1 (spec changed)
          remove shop-web-1 (spec changed)
          create shop-web-1 (spec changed: image (rebuilt))
        """);
    // The file's own labels changed as well: both are named.
    Stack relabelled = stack(built.withLabels(Map.of(Labels.COMPOSE_IMAGE, "sha256:bbb", "team", "cart")));
    assertThat(SpecDiff.changedFields(relabelled, built, relabelled.service("web")))
        .containsExactly("image (rebuilt)", "labels");
    Stack onlyLabels = stack(built.withLabels(Map.of(Labels.COMPOSE_IMAGE, "sha256:aaa", "team", "cart")));
    assertThat(SpecDiff.changedFields(onlyLabels, built, onlyLabels.service("web"))).containsExactly("labels");
  }

  @Test
  void aConvergedStackPreviewsNothing() {
    Stack desired = stack(service("db"), service("web").withReplicas(2));

    PlanPreview preview = preview(desired, desired, observed(container(desired, "db", 1),
        container(desired, "web", 1), container(desired, "web", 2)));

    assertThat(preview.isEmpty()).isTrue();
    assertThat(preview.lines()).isEmpty();
    assertThat(preview.steps()).isEmpty();
  }

  @Test
  void aCrashLoopWaitingOutItsBackoffIsReportedNotSimulated() {
    Stack desired = stack(service("web"), service("db"));
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(2), false);

    PlanPreview preview = preview(desired, desired, observed(container(desired, "db", 1),
        container(desired, "web", 1).exited(1, NOW.minusSeconds(1), NOW.minusMillis(500))));

    assertThat(preview).hasToString("""
        pending:
          web: shop-web-1: exited 1, restart 2 in 500ms
        """);
  }

  @Test
  void aRestartDueNowIsOneStepAndDoesNotLoop() {
    Stack desired = stack(service("web"));

    assertThat(preview(desired, desired, observed(container(desired, "web", 1)
        .exited(1, NOW.minusSeconds(3), NOW.minusMillis(100))))).hasToString("""
            step 1:
              start shop-web-1 (exited 1, restart 1)
            """);
  }

  @Test
  void aFailedServiceIsReportedAndItsDependentsWait() {
    RestartPolicy twice = new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 2, null);
    Stack desired = stack(service("db").withRestartPolicy(twice),
        service("api").withDependsOn(Map.of("db", HEALTHY)));
    restarts = restarts.restarted(new ReplicaSlot("db", 1), NOW.minusSeconds(20), false)
        .restarted(new ReplicaSlot("db", 1), NOW.minusSeconds(10), false);

    PlanPreview preview = preview(desired, desired, observed(container(desired, "db", 1)
        .exited(1, NOW.minusSeconds(5), NOW.minusSeconds(4))));

    assertThat(preview).hasToString("""
        pending:
          api: waiting for db (service_healthy)
          db: shop-db-1: exited 1, gave up after 2 restarts (max_attempts 2)
        """);
  }

  @Test
  void aStartingHealthCheckIsAssumedToPass() {
    Stack desired = stack(service("db").withHealthcheck(HEALTHCHECK),
        service("api").withDependsOn(Map.of("db", HEALTHY)));

    assertThat(preview(desired, null, observed(container(desired, "db", 1).health(Health.STARTING))))
        .hasToString("""
            step 1 (once health checks pass):
              create shop-api-1 (scale up)
            """);
  }

  @Test
  void aOneShotDependencyIsAssumedToComplete() {
    RestartPolicy no = new RestartPolicy(RestartPolicy.Condition.NONE, null, null, null);
    Stack desired = stack(service("migrate").withRestartPolicy(no), service("api").withDependsOn(
        Map.of("migrate", new Dependency(Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY, true))));

    assertThat(preview(desired, null, EMPTY_ENGINE)).hasToString("""
        step 1:
          create network shop_default (missing)
          create shop-migrate-1 (scale up)
          api waits for migrate (service_completed_successfully)
        step 2 (once migrate completes):
          create shop-api-1 (scale up)
        """);
  }

  @Test
  void aDeletedStackGoesInTwoSteps() {
    Stack old = stack(service("web"));
    ObservedState running = new ObservedState(List.of(container(old, "web", 1).build()),
        List.of(managedNetwork("shop_default")), List.of(managedVolume("shop_data")), List.of(IMAGE));

    assertThat(PlanPreview.of(new Planner(), STACK, null, old, true, running, restarts, NOW)).hasToString("""
        step 1:
          stop shop-web-1 (stack removed)
          remove shop-web-1 (stack removed)
        step 2:
          remove network shop_default (stack removed)
          remove volume shop_data (stack removed)
        """);
  }

  @Test
  void stopsAtTheBoundAndSaysSo() {
    ServiceSpec v1 = service("web").withReplicas(PlanPreview.MAX_STEPS + 1);
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("new")));
    ObservedState all = new ObservedState(java.util.stream.IntStream.rangeClosed(1, PlanPreview.MAX_STEPS + 1)
        .mapToObj(slot -> container(old, "web", slot).build()).toList(),
        List.of(managedNetwork("shop_default")), List.of(), List.of(IMAGE));

    PlanPreview preview = preview(updated, old, all);

    assertThat(preview.truncated()).isTrue();
    assertThat(preview.steps()).hasSize(PlanPreview.MAX_STEPS);
    assertThat(preview.lines()).last().isEqualTo("stopped after 1000 steps without reaching the declared state");
    assertThat(preview.lines()).contains("pending:", "  web: spec changed: 1 of 1001 replicas outdated");
  }
}
