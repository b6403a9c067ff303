package io.orch.agent.status;

import io.orch.agent.events.EventType;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.events.AgentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceTransitionsTest {
  private static final Instant T = Instant.parse("2026-11-26T22:40:01Z");

  private static StackStatus stack(ServicePhase state, String lastError) {
    return new StackStatus("hello", 1, T, false, T, List.of(new ServiceStatus("hello", "web", "img", 2,
        state == ServicePhase.RUNNING ? 2 : 1, 0, false, 0, state, null, lastError, List.of(), List.of(), null)));
  }

  @Test
  void emitsConvergedAndFailedOnlyOnTheTransition() {
    List<AgentEvent> events = new ArrayList<>();
    List<StackStatus> published = List.of(stack(ServicePhase.CONVERGING, null), stack(ServicePhase.CONVERGING, null),
        stack(ServicePhase.RUNNING, null), stack(ServicePhase.RUNNING, null), stack(ServicePhase.FAILED, "web-1: exited 3, gave up after 4 restarts"),
        stack(ServicePhase.FAILED, "web-1: exited 3, gave up after 4 restarts"));
    for (int i = 1; i < published.size(); i++) {
      events.addAll(ServiceTransitions.between(published.get(i - 1), published.get(i)));
    }

    assertThat(events).extracting(AgentEvent::type)
        .containsExactly(EventType.SERVICE_CONVERGED, EventType.SERVICE_FAILED);
    assertThat(events.get(0).message()).isEqualTo("2/2 replicas running");
    assertThat(events.get(1).message()).contains("gave up");
    assertThat(events.get(1).service()).isEqualTo("web");
  }
}
