package io.orch.core.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.plan.Labels;
import io.orch.core.restart.RestartDecision.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartRulesTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String NAME = "shop-web-1";
  private static final ServiceSpec WEB = ServiceSpec.of("web", "busybox");

  private RestartHistory history = RestartHistory.NONE;
  // When the agent first saw the container in its current state (the informer's record), for unhealthy waits.
  private Instant seenSince;

  private RestartDecision decide(ServiceSpec service, ObservedContainer container, Instant now) {
    return RestartRules.decide(service, container, history, seenSince, now);
  }

  private static ObservedContainer exited(int code, Instant started, Instant finished) {
    return new ObservedContainer("id1", NAME, "busybox", Map.of(Labels.SLOT, "1"), State.EXITED, Health.NONE, code,
        false, started, finished, null);
  }

  private void recordRestarts(int n) {
    for (int i = 0; i < n; i++) {
      history = history.restarted(NOW.minusSeconds(100 - i), false);
    }
  }

  @Test
  void firstRestartWaitsRestartPolicyDelay() {
    ServiceSpec delayed = WEB.withRestartPolicy(
        new RestartPolicy(RestartPolicy.Condition.ANY, Duration.ofSeconds(5), null, null));

    RestartDecision decision = decide(delayed, exited(1, NOW.minusSeconds(3), NOW.minusSeconds(1)), NOW);

    assertThat(decision).isEqualTo(RestartDecision.waitFor(Duration.ofSeconds(4), RestartReason.EXIT, 1, 1, false));
    assertThat(decision.cause()).isEqualTo("exited 1, restart 1 in 4s");
  }

  @Test
  void waitGrowsWithEachQuickCrash() {
    recordRestarts(3);

    RestartDecision decision = decide(WEB, exited(1, NOW.minusSeconds(2), NOW.minusSeconds(1)), NOW);

    // Fourth restart: 1s, 2s, then 4s after the exit.
    assertThat(decision.kind()).isEqualTo(Kind.WAIT);
    assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(decision.cause()).isEqualTo("exited 1, restart 4 in 3s");
  }

  @Test
  void resetsBackoffAfterStableRun() {
    recordRestarts(5);

    RestartDecision afterLongRun = decide(WEB, exited(1, NOW.minusSeconds(40), NOW.minusSeconds(1)), NOW);
    assertThat(afterLongRun.kind()).isEqualTo(Kind.RESTART_NOW);
    assertThat(afterLongRun.cause()).isEqualTo("exited 1, restart 6");

    history = history.restarted(NOW, afterLongRun.backoffReset());
    RestartDecision quickCrash = decide(WEB, exited(1, NOW, NOW.plusSeconds(1)), NOW.plusSeconds(1));
    assertThat(quickCrash.delay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void doesNotResetBackoffWhenHealthCheckedContainerEndedUnhealthy() {
    ServiceSpec checked = WEB.withHealthcheck(new HealthCheck(List.of("CMD", "true"), null, null, null, null, null));
    recordRestarts(2);
    ObservedContainer unhealthyExit = new ObservedContainer("id1", NAME, "busybox", Map.of(), State.EXITED,
        Health.UNHEALTHY, 1, false, NOW.minusSeconds(60), NOW, null);

    assertThat(decide(checked, unhealthyExit, NOW).delay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void restartsOomKilledContainerWithReasonOom() {
    ObservedContainer oom = new ObservedContainer("id1", NAME, "busybox", Map.of(), State.EXITED, Health.NONE, 137,
        true, NOW.minusSeconds(2), NOW.minusSeconds(1), null);

    RestartDecision decision = decide(WEB, oom, NOW);
    assertThat(decision).isEqualTo(RestartDecision.restartNow(RestartReason.OOM, 137, 1, false, false));
    assertThat(decision.cause()).isEqualTo("exited 137 (oom), restart 1");
  }

  @Test
  void givesUpAtMaxAttempts() {
    ServiceSpec limited = WEB.withRestartPolicy(new RestartPolicy(RestartPolicy.Condition.ANY, null, 3, null));
    recordRestarts(3);

    RestartDecision decision = decide(limited, exited(2, NOW.minusSeconds(2), NOW.minusSeconds(1)), NOW);

    assertThat(decision.kind()).isEqualTo(Kind.GIVE_UP);
    assertThat(decision.cause()).isEqualTo("exited 2, gave up after 3 restarts (max_attempts 3)");
  }

  @Test
  void countsOnlyRestartsInsideTheWindow() {
    ServiceSpec windowed = WEB.withRestartPolicy(
        new RestartPolicy(RestartPolicy.Condition.ANY, null, 2, Duration.ofSeconds(60)));
    history = history.restarted(NOW.minusSeconds(300), false);
    history = history.restarted(NOW.minusSeconds(200), false);
    history = history.restarted(NOW.minusSeconds(30), false);
    ObservedContainer crash = exited(1, NOW.minusSeconds(40), NOW.minusSeconds(5));

    assertThat(decide(windowed, crash, NOW).kind()).isNotEqualTo(Kind.GIVE_UP);

    history = history.restarted(NOW.minusSeconds(4), false);
    RestartDecision second = decide(windowed, exited(1, NOW.minusSeconds(3), NOW.minusSeconds(2)), NOW);
    assertThat(second.kind()).isEqualTo(Kind.GIVE_UP);
    assertThat(second.cause()).isEqualTo("exited 1, gave up after 2 restarts (max_attempts 2 in 1m)");
  }

  @Test
  void doesNotRestartWhatThePolicyLetsComplete() {
    ServiceSpec onFailure = WEB.withRestartPolicy(
        new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, null, null));

    RestartDecision decision = decide(onFailure, exited(0, NOW.minusSeconds(2), NOW.minusSeconds(1)), NOW);
    assertThat(decision).isEqualTo(
        RestartDecision.noRestart(RestartReason.EXIT, 0, RestartPolicy.Condition.ON_FAILURE));
    assertThat(decision.cause()).isEqualTo("exited 0, restart policy on-failure");
  }

  @Test
  void unhealthyWaitIsMeasuredFromWhenTheAgentSawItTurnUnhealthy() {
    history = history.restarted(NOW.minusSeconds(30), false);
    seenSince = NOW;
    ObservedContainer unhealthy = new ObservedContainer("id2", NAME, "busybox", Map.of(), State.RUNNING,
        Health.UNHEALTHY, null, false, NOW.minusSeconds(10), null, null);

    assertThat(decide(WEB, unhealthy, NOW).delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(decide(WEB, unhealthy, NOW.plusMillis(400)).delay()).isEqualTo(Duration.ofMillis(600));
    RestartDecision due = decide(WEB, unhealthy, NOW.plusSeconds(1));
    assertThat(due.kind()).isEqualTo(Kind.RESTART_NOW);
    assertThat(due.reason()).isEqualTo(RestartReason.UNHEALTHY);
    assertThat(due.planned()).isEqualTo(new PlannedRestart(RestartReason.UNHEALTHY, false));
  }

  @Test
  void anUnhealthyReplicaOfUnknownAgeIsNotHeldBack() {
    history = history.restarted(NOW.minusSeconds(30), false);
    ObservedContainer unhealthy = new ObservedContainer("id2", NAME, "busybox", Map.of(), State.RUNNING,
        Health.UNHEALTHY, null, false, NOW.minusSeconds(10), null, null);

    assertThat(decide(WEB, unhealthy, NOW).kind()).isEqualTo(Kind.RESTART_NOW);
  }

  @Test
  void aStableRunIsCarriedToTheFoldThatStartsTheBackoffOver() {
    for (int i = 0; i < 5; i++) {
      history = history.restarted(NOW.minusSeconds(100 - i), false);
    }
    RestartDecision afterLongRun = decide(WEB, exited(1, NOW.minusSeconds(40), NOW.minusSeconds(1)), NOW);
    assertThat(afterLongRun.planned()).isEqualTo(new PlannedRestart(RestartReason.EXIT, true));

    RestartHistory folded = history.restarted(NOW, afterLongRun.backoffReset());
    assertThat(folded.total()).isEqualTo(6);
    assertThat(folded.sinceReset()).isEqualTo(1);
    assertThat(history.restarted(NOW, false).sinceReset()).isEqualTo(6);
  }

  @Test
  void unhealthyAfterAStableRunStartsTheBackoffOver() {
    recordRestarts(5);
    ObservedContainer longHealthy = new ObservedContainer("id3", NAME, "busybox", Map.of(), State.RUNNING,
        Health.UNHEALTHY, null, false, NOW.minus(Duration.ofHours(2)), null, null);

    RestartDecision decision = decide(WEB, longHealthy, NOW);

    assertThat(decision.kind()).as("ran 2h before turning unhealthy: first restart again, at delay 0")
        .isEqualTo(Kind.RESTART_NOW);
  }

  @Test
  void countsRestartsPerSlotAndPerServiceWhateverTheContainersName() {
    RestartHistories all = RestartHistories.EMPTY
        .restarted(new ReplicaSlot("web", 1), NOW, false)
        .restarted(new ReplicaSlot("web", 1), NOW, false)
        .restarted(new ReplicaSlot("web", 2), NOW, false)
        .restarted(new ReplicaSlot("web-api", 1), NOW, false);

    ObservedContainer startFirstReplacement = new ObservedContainer("id9", "shop-web-1-0123abcd", "busybox",
        Map.of(Labels.SERVICE, "web", Labels.SLOT, "1"), State.EXITED, Health.NONE, 1, false, NOW, NOW, null);
    assertThat(all.of(startFirstReplacement).total()).as("the slot's history, not the name's").isEqualTo(2);
    assertThat(all.restartsOfService("web")).isEqualTo(3);

    assertThat(all.without(new ReplicaSlot("web", 1)).restartsOfService("web")).isEqualTo(1);
    RestartHistories withoutWeb = all.withoutService("web");
    assertThat(withoutWeb.restartsOfService("web")).isZero();
    assertThat(withoutWeb.of(new ReplicaSlot("web-api", 1)).total()).isEqualTo(1);
  }

  @Test
  void aSlotKeyReadsBackAndAContainerNameIsNoKey() {
    assertThat(ReplicaSlot.parse(new ReplicaSlot("web-api", 12).key())).contains(new ReplicaSlot("web-api", 12));
    assertThat(ReplicaSlot.parse("shop-web-1")).isEmpty();
    assertThat(ReplicaSlot.parse("web/")).isEmpty();
    assertThat(ReplicaSlot.parse("/1")).isEmpty();
  }

  @Test
  void resetsBackoffWhenHealthCheckedContainerRanHealthyForResetAfter() {
    ServiceSpec checked = WEB.withHealthcheck(new HealthCheck(List.of("CMD", "true"), null, null, null, null, null));
    recordRestarts(4);
    ObservedContainer killedWhileHealthy = new ObservedContainer("id1", NAME, "busybox", Map.of(), State.EXITED,
        Health.HEALTHY, 137, false, NOW.minusSeconds(45), NOW, null);

    RestartDecision decision = decide(checked, killedWhileHealthy, NOW);

    assertThat(decision.kind()).isEqualTo(Kind.RESTART_NOW);
    assertThat(decision.backoffReset()).isTrue();
  }

  @Test
  void aSecondRestartInARowBeforeResetAfterIsACrashLoopUntilItHasRunThatLong() {
    ObservedContainer up = new ObservedContainer("id1", NAME, "busybox", Map.of(Labels.SLOT, "1"), State.RUNNING,
        Health.NONE, null, false, NOW.minusSeconds(10), null, null);
    history = history.restarted(NOW.minusSeconds(40), false);

    assertThat(RestartRules.crashLoop(WEB, up, history, NOW)).as("one restart: a replica that came back").isEmpty();

    history = history.restarted(NOW.minusSeconds(10), false);
    CrashLoop loop = RestartRules.crashLoop(WEB, up, history, NOW).orElseThrow();
    assertThat(loop.inARow()).isEqualTo(RestartRules.CRASH_LOOP);
    assertThat(loop.settlesAt()).isEqualTo(NOW.plusSeconds(20)); // up for reset_after (30s) since it started
    assertThat(loop.text()).isEqualTo("shop-web-1: restarted 2 time(s) in a row; counts as running once up for 30s");
    assertThat(RestartRules.crashLoop(WEB, up, history, NOW.plusSeconds(20))).as("ran for reset_after").isEmpty();
  }

  @Test
  void aRestartDueAfterABackoffSaysSo() {
    recordRestarts(1);

    RestartDecision decision = decide(WEB, exited(1, NOW.minusSeconds(5), NOW.minusSeconds(3)), NOW);

    assertThat(decision).isEqualTo(RestartDecision.restartNow(RestartReason.EXIT, 1, 2, false, true));
    assertThat(decision.cause()).isEqualTo("exited 1, backoff elapsed");
  }
}
