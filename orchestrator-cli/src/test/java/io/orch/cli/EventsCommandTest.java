package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.EventDto;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventsCommandTest {
  @Test
  void printsOneAlignedLinePerEvent() {
    EventDto restarted = new EventDto(7, Instant.parse("2026-11-26T22:40:01.734Z"), "container.restarted", "hello",
        "web", 2, "hello-web-2", "exit", "restarted: exited 137, restart 1");
    assertThat(EventsCommand.line(restarted)).isEqualTo(
        "2026-11-26T22:40:01Z  container.restarted  hello/web  hello-web-2  restarted: exited 137, restart 1");

    EventDto agent = new EventDto(1, Instant.parse("2026-11-26T22:40:00Z"), "agent.started", null, null, null, null,
        null, "orch agent 0.1.0 listening");
    assertThat(EventsCommand.line(agent)).isEqualTo("2026-11-26T22:40:00Z  agent.started  -  -  orch agent 0.1.0 listening");
  }
}
