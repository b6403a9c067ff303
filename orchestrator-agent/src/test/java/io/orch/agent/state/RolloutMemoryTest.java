package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crashed agent must not forget a paused rollout, nor roll a rolled-back spec out again. */
class RolloutMemoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private static Stack stack(String command) {
    return new Stack("demo", Map.of("web", ServiceSpec.of("web", "busybox:1.36").withReplicas(3)
        .withCommand(List.of(command))), Map.of(), Map.of());
  }

  @Test
  void aPausedRolloutSurvivesARestartAndAResubmitResumesIt() {
    StateStore store = new StateStore(dir);
    StoredStack v2 = new StoredStack(stack("old"), 1, T0, false, false).withStack(stack("new"), T0);
    store.put(v2);
    RolloutState paused = new RolloutState("h2", RolloutPhase.PAUSED, 1, 3, List.of("c1@t"), "web-1 exited", T0);

    assertThat(store.putRollouts("demo", v2.generation(), Map.of("web", paused))).isTrue();
    assertThat(store.putRollouts("demo", v2.generation() - 1, Map.of())).as("a stale pass writes nothing").isFalse();

    StoredStack reread = new StateStore(dir).get("demo").orElseThrow();
    assertThat(reread.rollouts()).containsEntry("web", paused);
    assertThat(reread.generation()).as("bookkeeping is no new version").isEqualTo(v2.generation());
    assertThat(reread.hasPausedRollout()).isTrue();
    assertThat(reread.resumed(T0).rollouts()).isEmpty();
    assertThat(reread.withStack(stack("newer"), T0).rollouts()).isEmpty();
  }

  @Test
  void anAutomaticRollbackStoresThePreviousSpecAndTheRollbackTogether() {
    StoredStack v2 = new StoredStack(stack("old"), 1, T0, false, false).withStack(stack("new"), T0);

    StoredStack back = v2.rollingBack("web", "web-1 exited with code 1", 3, T0).orElseThrow();
    new StateStore(dir).put(back);

    StoredStack reread = new StateStore(dir).get("demo").orElseThrow();
    assertThat(reread.stack().service("web").command()).containsExactly("old");
    assertThat(reread.previousSpecs().get("web").command()).containsExactly("new");
    assertThat(reread.rollouts().get("web").phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
    assertThat(reread.rollouts().get("web").reason()).isEqualTo("web-1 exited with code 1");
    assertThat(new StoredStack(stack("old"), 1, T0, false, false).rollingBack("web", "x", 3, T0))
        .as("nothing to go back to").isEmpty();
  }
}
