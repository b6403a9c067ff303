package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.events.AgentEvent;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTransitionsTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static List<String> between(RolloutState before, RolloutState after) {
    return RolloutTransitions.between("shop", "web", before, after, T).stream()
        .map(e -> e.type().wire() + (e.reason() == null ? "" : " [" + e.reason() + "]") + ": " + e.message())
        .toList();
  }

  private static RolloutState s(String hash, RolloutPhase phase, int updated, String reason) {
    return new RolloutState(hash, phase, updated, 3, List.of(), reason, T);
  }

  @Test
  void aRolloutIsAnnouncedOnceAtEachStep() {
    assertThat(between(null, s("h2", RolloutPhase.ROLLING_OUT, 0, null)))
        .containsExactly("rollout.started [update]: rolling out a changed spec: 3 replica(s)");
    assertThat(between(s("h2", RolloutPhase.ROLLING_OUT, 0, null), s("h2", RolloutPhase.ROLLING_OUT, 0, null)))
        .isEmpty();
    assertThat(between(s("h2", RolloutPhase.ROLLING_OUT, 0, null), s("h2", RolloutPhase.ROLLING_OUT, 1, null)))
        .containsExactly("rollout.progress: updated 1/3");
    assertThat(between(s("h2", RolloutPhase.ROLLING_OUT, 2, null), s("h2", RolloutPhase.COMPLETED, 3, null)))
        .containsExactly("rollout.completed [completed]: rollout completed: updated 3/3");
  }

  @Test
  void pausedAndRolledBackCarryTheReasonAndTheResultWordTheMetricCounts() {
    assertThat(between(s("h2", RolloutPhase.ROLLING_OUT, 1, null), s("h2", RolloutPhase.PAUSED, 1, "web-2 exited")))
        .containsExactly("rollout.paused [paused]: rollout paused, updated 1/3: web-2 exited; orch rollback web"
            + " restores the previous spec, orch up resumes");
    List<AgentEvent> back = RolloutTransitions.between("shop", "web", s(null, RolloutPhase.ROLLING_BACK, 0, "why"),
        s("h1", RolloutPhase.ROLLING_BACK, 2, "why"), T);
    assertThat(back).extracting(e -> e.type().wire()).containsExactly("rollout.started", "rollout.progress");
    assertThat(between(s("h1", RolloutPhase.ROLLING_BACK, 2, "why"), s("h1", RolloutPhase.ROLLED_BACK, 3, "why")))
        .containsExactly("rollout.rolled_back [rolled_back]: rolled back to the previous spec: why");
  }
}
