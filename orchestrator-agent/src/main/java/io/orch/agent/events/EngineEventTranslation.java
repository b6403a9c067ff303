package io.orch.agent.events;

import io.orch.core.engine.EngineEvent;
import io.orch.core.plan.Labels;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine reports about a managed container, as an agent event: {@code die} becomes
 * {@code container.exited} (with the exit code), {@code oom} {@code container.oom}, and a failing health check
 * {@code container.unhealthy}. Everything else the engine says only wakes the reconcile loop.
 */
public final class EngineEventTranslation {
  private EngineEventTranslation() {}

  public static Optional<AgentEvent> of(EngineEvent e) {
    Map<String, String> a = e.attributes();
    if (!"container".equals(e.type()) || !"true".equals(a.get(Labels.MANAGED)) || e.action() == null) {
      return Optional.empty();
    }
    String action = e.action().trim();
    return switch (action) {
      case "die" -> Optional.of(event(e, EventType.CONTAINER_EXITED, "exit", exitMessage(a.get("exitCode"))));
      case "oom" -> Optional.of(event(e, EventType.CONTAINER_OOM, "oom",
          "out of memory: the kernel killed a process of the container (memory limit reached)"));
      case "health_status: unhealthy" -> Optional.of(event(e, EventType.CONTAINER_UNHEALTHY, "unhealthy",
          "health check failing"));
      default -> Optional.empty();
    };
  }

  private static String exitMessage(String code) {
    if (code == null) {
      return "exited";
    }
    String why = switch (code) {
      case "137" -> " (SIGKILL: killed, or out of memory)";
      case "143" -> " (SIGTERM: stopped)";
      default -> "";
    };
    return "exited with code " + code + why;
  }

  private static AgentEvent event(EngineEvent e, EventType type, String reason, String message) {
    Map<String, String> a = e.attributes();
    return new AgentEvent(e.time(), type, a.get(Labels.STACK), a.get(Labels.SERVICE), slot(a.get(Labels.SLOT)),
        a.get("name"), reason, message);
  }

  private static Integer slot(String value) {
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
