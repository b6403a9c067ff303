package io.orch.agent.status;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * The service events a new status implies compared with the one before: {@code service.converged} when a service
 * reaches its desired state, {@code service.failed} when it is marked failed. Only changes count, so a pass that
 * finds everything as it was emits nothing.
 */
public final class ServiceTransitions {
  private ServiceTransitions() {}

  public static List<AgentEvent> between(StackStatus before, StackStatus after) {
    List<AgentEvent> events = new ArrayList<>();
    for (ServiceStatus now : after.services()) {
      ServicePhase was = before.services().stream().filter(s -> s.service().equals(now.service())).findFirst()
          .map(ServiceStatus::state).orElse(null);
      if (was == null || was == now.state()) {
        continue;
      }
      if (now.state() == ServicePhase.RUNNING || now.state() == ServicePhase.COMPLETED) {
        events.add(new AgentEvent(after.observedAt(), EventType.SERVICE_CONVERGED, after.name(), now.service(), null, null,
            null, now.running() + "/" + now.desired() + " replicas running"
                + (now.hasHealthcheck() ? ", " + now.healthy() + " healthy" : "")
                + (now.state() == ServicePhase.COMPLETED ? " (completed)" : "")));
      } else if (now.state() == ServicePhase.FAILED) {
        events.add(new AgentEvent(after.observedAt(), EventType.SERVICE_FAILED, after.name(), now.service(), null, null,
            null, now.lastError() != null ? now.lastError() : "failed"));
      }
    }
    return events;
  }
}
