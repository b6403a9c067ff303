package io.orch.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.EngineEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineEventTranslationTest {
  private static final Instant T = Instant.parse("2026-11-26T22:40:01Z");

  private static EngineEvent container(String action, Map<String, String> extra) {
    Map<String, String> a = new HashMap<>(Map.of("io.orch.managed", "true", "io.orch.stack", "hello",
        "io.orch.service", "web", "io.orch.slot", "2", "name", "hello-web-2"));
    a.putAll(extra);
    return new EngineEvent("container", action, "abc", a, T);
  }

  @Test
  void dieBecomesExitedWithTheCode() {
    AgentEvent e = EngineEventTranslation.of(container("die", Map.of("exitCode", "137"))).orElseThrow();
    assertThat(e).isEqualTo(new AgentEvent(T, EventType.CONTAINER_EXITED, "hello", "web", 2, "hello-web-2", "exit",
        "exited with code 137 (SIGKILL: killed, or out of memory)"));
  }

  @Test
  void oomAndUnhealthyBecomeTheirOwnTypes() {
    assertThat(EngineEventTranslation.of(container("oom", Map.of()))).get()
        .extracting(AgentEvent::type, AgentEvent::reason).containsExactly(EventType.CONTAINER_OOM, "oom");
    assertThat(EngineEventTranslation.of(container("health_status: unhealthy", Map.of()))).get()
        .extracting(AgentEvent::type, AgentEvent::reason).containsExactly(EventType.CONTAINER_UNHEALTHY, "unhealthy");
  }

  @Test
  void ignoresOtherActionsAndUnmanagedContainers() {
    assertThat(EngineEventTranslation.of(container("start", Map.of()))).isEmpty();
    assertThat(EngineEventTranslation.of(container("health_status: healthy", Map.of()))).isEmpty();
    assertThat(EngineEventTranslation.of(container("die", Map.of("io.orch.managed", "false")))).isEmpty();
    assertThat(EngineEventTranslation.of(new EngineEvent("network", "die", "n", Map.of("io.orch.managed", "true"),
        T))).isEmpty();
  }
}
