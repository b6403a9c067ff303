package io.orch.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutEventsTest {
  @Test
  void everySinkGetsEveryEventEvenWhenOneFails() {
    List<String> first = new ArrayList<>();
    List<String> last = new ArrayList<>();
    FanOutEvents events = new FanOutEvents(List.of(e -> first.add(e.type().wire()), e -> {
      throw new IllegalStateException("broken sink");
    }, e -> last.add(e.type().wire())));

    events.emit(new AgentEvent(Instant.EPOCH, EventType.STACK_SUBMITTED, "shop", null, null, null, null, "submitted"));
    events.emit(new AgentEvent(Instant.EPOCH, EventType.STACK_REMOVED, "shop", null, null, null, null, "removed"));

    assertThat(first).containsExactly("stack.submitted", "stack.removed");
    assertThat(last).containsExactly("stack.submitted", "stack.removed");
  }
}
