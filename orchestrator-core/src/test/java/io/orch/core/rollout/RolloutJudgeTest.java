package io.orch.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.UpdateConfig;
import io.orch.core.model.UpdateConfig.FailureAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutJudgeTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private static UpdateConfig config(FailureAction action, double ratio) {
    return new UpdateConfig(1, Duration.ZERO, action, Duration.ofSeconds(5), ratio, UpdateConfig.Order.STOP_FIRST);
  }

  private static RolloutJudge.Observation seen(int outdated, int updated, Map<String, String> failures) {
    return new RolloutJudge.Observation("h2", 4, outdated, updated, failures, NOW);
  }

  @Test
  void aRunThatFailedIsCountedOnceHoweverManyPassesSeeIt() {
    UpdateConfig continueUpToHalf = config(FailureAction.PAUSE, 0.5);
    RolloutState s = RolloutJudge.next(null, seen(3, 0, Map.of("a@1", "web-1 exited with code 1")), continueUpToHalf);
    s = RolloutJudge.next(s, seen(3, 0, Map.of("a@1", "web-1 exited with code 1")), continueUpToHalf);
    s = RolloutJudge.next(s, seen(2, 0, Map.of("a@1", "web-1 exited with code 1", "b@1", "web-2 exited")),
        continueUpToHalf);

    assertThat(s.failures()).containsExactly("a@1", "b@1");
    // 2 of 4 is not more than 0.5: Swarm's rule is "exceeds".
    assertThat(s.phase()).isEqualTo(RolloutPhase.ROLLING_OUT);

    s = RolloutJudge.next(s, seen(1, 0, Map.of("a@2", "web-1 exited with code 1")), continueUpToHalf);
    assertThat(s.phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(s.reason()).isEqualTo("3 of 4 replicas failed (max_failure_ratio 0.5): web-1 exited with code 1");
  }

  @Test
  void continueGoesOnAndCompletesWithItsFailuresOnRecord() {
    RolloutState s = RolloutJudge.next(null, seen(3, 0, Map.of("a@1", "web-1 exited")),
        config(FailureAction.CONTINUE, 0));
    assertThat(s.phase()).isEqualTo(RolloutPhase.ROLLING_OUT);
    s = RolloutJudge.next(s, seen(0, 4, Map.of()), config(FailureAction.CONTINUE, 0));
    assertThat(s.phase()).isEqualTo(RolloutPhase.COMPLETED);
    assertThat(s.failures()).containsExactly("a@1");
    assertThat(s.describe()).isEqualTo("completed: updated 4/4, 1 failure");
  }

  @Test
  void aFailingRollbackPausesInsteadOfRollingBackAgain() {
    RolloutState back = new RolloutState("h2", RolloutPhase.ROLLING_BACK, 0, 4, List.of(), "why", NOW);
    RolloutState s = RolloutJudge.next(back, seen(2, 0, Map.of("c@1", "web-3 exited with code 2")),
        config(FailureAction.ROLLBACK, 0));
    assertThat(s.phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(s.reason()).startsWith("rollback failed: 1 of 4 replicas failed");
  }

  @Test
  void aResubmitOfTheSpecEveryReplicaRunsDropsAPausedRollout() {
    RolloutState paused = new RolloutState("h1", RolloutPhase.PAUSED, 1, 4, List.of("x@1"), "why", NOW);
    assertThat(RolloutJudge.next(paused, seen(0, 4, Map.of()), config(FailureAction.PAUSE, 0))).isNull();
    RolloutState completed = paused.with(RolloutPhase.COMPLETED, 4, List.of(), null);
    assertThat(RolloutJudge.next(completed, seen(0, 4, Map.of()), config(FailureAction.PAUSE, 0)))
        .isEqualTo(completed);
  }
}
