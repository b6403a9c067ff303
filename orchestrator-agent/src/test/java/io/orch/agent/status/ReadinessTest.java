package io.orch.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  @Test
  void readyOnceTheEngineAnsweredAndEveryStackHadItsFirstPass() {
    assertThat(Readiness.loop(true, null, 0)).isEmpty();
  }

  @Test
  void saysWhatItWaitsFor() {
    assertThat(Readiness.loop(false, "ping: connection refused", -1))
        .hasValue("engine not reachable: ping: connection refused");
    assertThat(Readiness.loop(false, null, 2)).hasValue("engine not reachable");
    assertThat(Readiness.loop(true, null, -1)).hasValue("listing the stacks on the engine for the first time");
    assertThat(Readiness.loop(true, null, 2)).hasValue("initial reconcile of 2 stacks pending");
    assertThat(Readiness.loop(true, null, 1)).hasValue("initial reconcile of 1 stack pending");
  }

  @Test
  void anEngineThatStoppedAnsweringComesFirst() {
    Optional<String> stalled = Optional.of("engine not answering: ping: no answer from the Docker Engine within 5s");

    assertThat(Readiness.combine(stalled, Optional.empty())).isEqualTo(stalled);
    assertThat(Readiness.combine(stalled, Optional.of("initial reconcile of 1 stack pending"))).isEqualTo(stalled);
    assertThat(Readiness.combine(Optional.empty(), Optional.of("initial reconcile of 1 stack pending")))
        .hasValue("initial reconcile of 1 stack pending");
    assertThat(Readiness.combine(Optional.empty(), Optional.empty())).isEmpty();
  }
}
