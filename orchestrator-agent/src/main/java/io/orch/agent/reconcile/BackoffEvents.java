package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedState;
import io.orch.core.plan.Plan;
import io.orch.core.plan.ServicePlanStatus;
import io.orch.core.restart.DurationText;
import io.orch.core.restart.RestartHistories;
import io.orch.core.restart.RestartReason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emits {@code container.restarting} once per new restart backoff (with the delay), not on every pass that sees the
 * replica still waiting: the planner decides the backoff, this compares it with the one last announced.
 */
final class BackoffEvents {
  private final AgentEvents events;
  private final Map<String, Instant> announced = new ConcurrentHashMap<>();

  BackoffEvents(AgentEvents events) {
    this.events = events;
  }

  void afterPlan(String stack, ObservedState observed, Plan plan, RestartHistories restarts, Instant now) {
    Set<String> waiting = new HashSet<>();
    for (ObservedContainer c : observed.containers()) {
      ServicePlanStatus service = c.service() == null ? null : plan.services().get(c.service());
      Optional<Instant> until = service == null ? Optional.empty() : service.restartDue(c.name());
      if (until.isEmpty() || !until.get().isAfter(now)) {
        continue;
      }
      String key = stack + "/" + c.name(); // keyed by stack: stack "a" must not clear stack "a-b"'s entries
      waiting.add(key);
      if (until.get().equals(announced.put(key, until.get()))) {
        continue;
      }
      Duration delay = Duration.between(now, until.get());
      RestartReason reason = c.running() && c.health() == ObservedContainer.Health.UNHEALTHY ? RestartReason.UNHEALTHY
          : c.oomKilled() ? RestartReason.OOM : RestartReason.EXIT;
      String what = reason == RestartReason.UNHEALTHY ? "unhealthy"
          : "exited " + (c.exitCode() == null ? "?" : c.exitCode()) + (c.oomKilled() ? " (oom)" : "");
      events.emit(new AgentEvent(now, EventType.CONTAINER_RESTARTING, stack, c.service(), c.slot(), c.name(),
          reason.label(),
          what + ", restart " + (restarts.of(c).total() + 1) + " in " + DurationText.of(delay) + " (backoff)"));
    }
    String prefix = stack + "/";
    announced.keySet().removeIf(key -> key.startsWith(prefix) && !waiting.contains(key));
  }
}
