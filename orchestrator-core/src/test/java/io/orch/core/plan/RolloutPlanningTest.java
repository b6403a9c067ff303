package io.orch.core.plan;

import static io.orch.core.plan.Fixtures.NOW;
import static io.orch.core.plan.Fixtures.STACK;
import static io.orch.core.plan.Fixtures.container;
import static io.orch.core.plan.Fixtures.observed;
import static io.orch.core.plan.Fixtures.service;
import static io.orch.core.plan.Fixtures.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.UpdateConfig.FailureAction;
import io.orch.core.model.UpdateConfig.Order;
import io.orch.core.restart.RestartHistories;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole rollouts pass by pass: start-first order, failure detection, failure_action, completion. */
class RolloutPlanningTest {
  private static final RestartPolicy NO_RESTART = new RestartPolicy(RestartPolicy.Condition.NONE, null, null, null);

  private final Planner planner = new Planner();

  private static UpdateConfig update(Order order, FailureAction action, double ratio) {
    return new UpdateConfig(1, Duration.ZERO, action, Duration.ofSeconds(5), ratio, order);
  }

  private Plan plan(Stack desired, ObservedState observed, RolloutState before) {
    return planner.plan(STACK, desired, false, observed, RestartHistories.EMPTY,
        before == null ? Map.of() : Map.of("web", before), NOW);
  }

  private static RolloutState state(Plan plan) {
    return plan.services().get("web").rolloutState();
  }

  /** A rollout towards {@code s}'s spec that began 30s ago, before the new replicas of the test started. */
  private static RolloutState began(Stack s) {
    return new RolloutState(EngineSpecs.hashOf(s, s.service("web")), RolloutPhase.ROLLING_OUT, 0,
        s.service("web").replicas(), List.of(), null, NOW.minusSeconds(30));
  }

  private static String hash8(Stack s) {
    return EngineSpecs.hashOf(s, s.service("web")).substring(0, 8);
  }

  @Test
  void startFirstStartsTheNewReplicaBesideTheOldAndStopsTheOldOnceTheNewHasBeenReadyForMonitor() {
    ServiceSpec v1 = service("web").withReplicas(2).withUpdateConfig(update(Order.START_FIRST,
        FailureAction.PAUSE, 0));
    Stack old = stack(v1);
    Stack updated = stack(v1.withEnvironment(Map.of("COLOR", "blue")));
    String alt = "shop-web-1-" + hash8(updated);

    Plan first = plan(updated, observed(container(old, "web", 1), container(old, "web", 2)), null);
    assertThat(first).hasToString("create " + alt + " (spec changed, start-first)\n");
    assertThat(state(first).phase()).isEqualTo(RolloutPhase.ROLLING_OUT);
    assertThat(state(first).updated()).isZero();

    // The new replica runs for 2s of the 5s monitor: both run, nothing else moves.
    Plan settling = plan(updated, observed(container(old, "web", 1), container(updated, "web", 1).named(alt)
        .startedAt(NOW.minusSeconds(2)), container(old, "web", 2)), state(first));
    assertThat(settling).hasToString("");
    assertThat(settling.requeueAfter()).contains(Duration.ofSeconds(3));

    // Ready for monitor: the old one of slot 1 goes, and slot 2's replacement starts beside its old one, named
    // canonically since the old one holds the canonical name too.
    Plan next = plan(updated, observed(container(old, "web", 1), container(updated, "web", 1).named(alt)
        .startedAt(NOW.minusSeconds(6)), container(old, "web", 2)), state(settling));
    assertThat(next).hasToString("""
        stop shop-web-1 (replaced by %s)
        remove shop-web-1 (replaced by %s)
        create shop-web-2-%s (spec changed, start-first)
        """.formatted(alt, alt, hash8(updated)));
    assertThat(state(next).updated()).isEqualTo(1);

    // The next rollout of a replica named web-1-<hash> starts it under the canonical name again.
    Stack third = stack(v1.withEnvironment(Map.of("COLOR", "green")));
    Plan again = plan(third, observed(container(updated, "web", 1).named(alt),
        container(updated, "web", 2).named("shop-web-2-" + hash8(updated))), null);
    assertThat(again.toString()).startsWith("create shop-web-1 (spec changed, start-first)\n");
  }

  @Test
  void startFirstKeepsTheOldReplicaWhileItsReplacementFails() {
    ServiceSpec v1 = service("web").withReplicas(2).withRestartPolicy(NO_RESTART)
        .withUpdateConfig(update(Order.START_FIRST, FailureAction.PAUSE, 0));
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("false")));
    String alt = "shop-web-1-" + hash8(updated);
    RolloutState rolling = new RolloutState(EngineSpecs.hashOf(updated, updated.service("web")),
        RolloutPhase.ROLLING_OUT, 0, 2, List.of(), null, NOW.minusSeconds(3));

    Plan plan = plan(updated, observed(container(old, "web", 1), container(updated, "web", 1).named(alt)
        .exited(1, NOW.minusSeconds(2), NOW.minusSeconds(1)), container(old, "web", 2)), rolling);

    assertThat(plan).hasToString("");
    assertThat(state(plan).phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(state(plan).reason()).isEqualTo(
        "1 of 2 replicas failed (max_failure_ratio 0): " + alt + " exited with code 1");
    assertThat(plan.services().get("web").notes()).contains("rollout paused: updated 0/2, 1 failure ("
        + state(plan).reason() + ")");
  }

  @Test
  void aNewReplicaThatExitsPausesAStopFirstRolloutAndNothingMoreIsReplaced() {
    ServiceSpec v1 = service("web").withReplicas(3).withRestartPolicy(NO_RESTART);
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("false")));

    Plan first = plan(updated, observed(container(old, "web", 1), container(old, "web", 2),
        container(old, "web", 3)), null);
    assertThat(first.toString()).contains("create shop-web-1 (spec changed)");

    Plan failed = plan(updated, observed(container(updated, "web", 1).exited(1, NOW.minusSeconds(2),
        NOW.minusSeconds(1)), container(old, "web", 2), container(old, "web", 3)), began(updated));
    assertThat(failed).hasToString("");
    assertThat(state(failed).phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(state(failed).failures()).hasSize(1);

    // Paused stays paused on later passes: the agent clears it when the user resubmits or rolls back.
    Plan later = plan(updated, observed(container(updated, "web", 1).exited(1, NOW.minusSeconds(2),
        NOW.minusSeconds(1)), container(old, "web", 2), container(old, "web", 3)), state(failed));
    assertThat(later).hasToString("");
    assertThat(state(later)).isEqualTo(state(failed));
  }

  @Test
  void failureActionRollbackAsksForThePreviousSpec() {
    ServiceSpec v1 = service("web").withReplicas(3).withRestartPolicy(NO_RESTART)
        .withUpdateConfig(update(Order.STOP_FIRST, FailureAction.ROLLBACK, 0));
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("false")));

    Plan failed = plan(updated, observed(container(updated, "web", 1).exited(1, NOW.minusSeconds(2),
        NOW.minusSeconds(1)), container(old, "web", 2), container(old, "web", 3)), began(updated));

    assertThat(failed).hasToString("");
    assertThat(state(failed).phase()).isEqualTo(RolloutPhase.ROLLBACK_REQUESTED);
  }

  @Test
  void theRollbackUsesRollbackConfigAndEndsRolledBack() {
    UpdateConfig rollbackAllAtOnce = new UpdateConfig(0, Duration.ZERO, FailureAction.PAUSE, Duration.ofSeconds(5),
        0, Order.STOP_FIRST);
    ServiceSpec v1 = service("web").withReplicas(2).withRestartPolicy(NO_RESTART);
    v1 = v1.toBuilder().rollbackConfig(rollbackAllAtOnce).build();
    Stack old = stack(v1);
    Stack failing = stack(v1.withCommand(List.of("false")));
    RolloutState back = new RolloutState(EngineSpecs.hashOf(old, old.service("web")), RolloutPhase.ROLLING_BACK, 0,
        2, List.of(), "1 of 2 replicas failed", NOW.minusSeconds(5));

    Plan plan = plan(old, observed(container(failing, "web", 1).exited(1, NOW.minusSeconds(4),
        NOW.minusSeconds(3)), container(failing, "web", 2).exited(1, NOW.minusSeconds(4), NOW.minusSeconds(3))),
        back);
    // parallelism 0 of rollback_config: both at once (update_config would have taken one).
    assertThat(plan).hasToString("""
        remove shop-web-1 (spec changed)
        create shop-web-1 (spec changed)
        remove shop-web-2 (spec changed)
        create shop-web-2 (spec changed)
        """);

    Plan done = plan(old, observed(container(old, "web", 1).startedAt(NOW.minusSeconds(6)),
        container(old, "web", 2).startedAt(NOW.minusSeconds(6))), state(plan));
    assertThat(state(done).phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
    assertThat(state(done).reason()).isEqualTo("1 of 2 replicas failed");
  }

  @Test
  void withinMaxFailureRatioTheRolloutContinuesPastAFailedReplica() {
    ServiceSpec v1 = service("web").withReplicas(3).withRestartPolicy(NO_RESTART)
        .withUpdateConfig(update(Order.STOP_FIRST, FailureAction.PAUSE, 0.5));
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("flaky")));

    Plan plan = plan(updated, observed(container(updated, "web", 1).exited(1, NOW.minusSeconds(2),
        NOW.minusSeconds(1)), container(old, "web", 2), container(old, "web", 3)), began(updated));

    assertThat(plan.toString()).contains("create shop-web-2 (spec changed)");
    assertThat(state(plan).phase()).isEqualTo(RolloutPhase.ROLLING_OUT);
    assertThat(state(plan).failures()).hasSize(1);
  }

  @Test
  void aReplicaNotHealthyWithinMonitorPlusStartPeriodIsAFailure() {
    HealthCheck check = new HealthCheck(List.of("CMD", "true"), Duration.ofSeconds(1), null, null,
        Duration.ofSeconds(10), null);
    ServiceSpec v1 = service("web").withReplicas(2).withHealthcheck(check);
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("slow")));

    Plan starting = plan(updated, observed(container(updated, "web", 1).health(Health.STARTING)
        .startedAt(NOW.minusSeconds(14)), container(old, "web", 2).health(Health.HEALTHY)), began(updated));
    assertThat(state(starting).phase()).isEqualTo(RolloutPhase.ROLLING_OUT);
    assertThat(starting.requeueAfter()).contains(Duration.ofSeconds(1));

    Plan late = plan(updated, observed(container(updated, "web", 1).health(Health.STARTING)
        .startedAt(NOW.minusSeconds(15)), container(old, "web", 2).health(Health.HEALTHY)), state(starting));
    assertThat(state(late).phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(state(late).reason()).endsWith("shop-web-1 was not healthy within 15s (monitor plus the health"
        + " check's start period)");
  }

  @Test
  void aRolloutCompletesOnceEveryReplicaHasBeenReadyForMonitor() {
    ServiceSpec v1 = service("web").withReplicas(2);
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("new")));
    RolloutState rolling = new RolloutState(EngineSpecs.hashOf(updated, updated.service("web")),
        RolloutPhase.ROLLING_OUT, 1, 2, List.of(), null, NOW.minusSeconds(30));

    Plan monitoring = plan(updated, observed(container(updated, "web", 1),
        container(updated, "web", 2).startedAt(NOW.minusSeconds(1))), rolling);
    assertThat(state(monitoring).phase()).isEqualTo(RolloutPhase.ROLLING_OUT);
    assertThat(monitoring.services().get("web").rollout()).isNotNull();

    Plan done = plan(updated, observed(container(updated, "web", 1), container(updated, "web", 2)), rolling);
    assertThat(state(done).phase()).isEqualTo(RolloutPhase.COMPLETED);
    assertThat(state(done).updated()).isEqualTo(2);
    assertThat(done.services().get("web").rollout()).isNull();
    assertThat(old).isNotNull();
  }

  @Test
  void aReplicaOfTheTargetSpecThatRanBeforeTheRolloutBeganIsNoFailureOfIt() {
    ServiceSpec v1 = service("web").withReplicas(2).withRestartPolicy(NO_RESTART);
    Stack failing = stack(v1.withCommand(List.of("false")));
    Stack old = stack(v1);
    RolloutState back = new RolloutState(null, RolloutPhase.ROLLING_BACK, 0, 2, List.of(), "why", NOW.minusSeconds(1));

    // A stale view of the old slot-1 replica (stopped before the rollback began) beside the failed new one.
    Plan plan = plan(old, observed(container(old, "web", 1).exited(137, NOW.minusSeconds(60), NOW.minusSeconds(9)),
        container(failing, "web", 1).named("x").exited(1, NOW.minusSeconds(8), NOW.minusSeconds(7)),
        container(old, "web", 2)), back);

    assertThat(state(plan).phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
    assertThat(state(plan).failures()).isEmpty();
  }

  @Test
  void aFirstDeployIsNoRollout() {
    Stack desired = stack(service("web").withReplicas(2));
    Plan plan = plan(desired, observed(container(desired, "web", 1)), null);
    assertThat(state(plan)).isNull();
  }
}
