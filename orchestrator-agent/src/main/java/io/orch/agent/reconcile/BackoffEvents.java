package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedState;
import io.orch.core.plan.Plan;
import io.orch.core.plan.ServicePlanStatus;
import io.orch.core.restart.DurationText;
import io.orch.core.restart.RestartDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emits {@code container.restarting} once per new restart backoff (with the delay), not on every pass that sees the
 * replica still waiting: the planner decides the backoff (a {@link RestartDecision} that waits), this compares it
 * with the one last announced and says it in the decision's own terms.
 */
final class BackoffEvents {
  private final AgentEvents events;
  private final Map<String, Instant> announced = new ConcurrentHashMap<>();

  BackoffEvents(AgentEvents events) {
    this.events = events;
  }

  void afterPlan(String stack, ObservedState observed, Plan plan, Instant now) {
    Set<String> waiting = new HashSet<>();
    for (ObservedContainer c : observed.containers()) {
      ServicePlanStatus service = c.service() == null ? null : plan.services().get(c.service());
      Optional<Instant> until = service == null ? Optional.empty() : service.restartDue(c.name());
      Optional<RestartDecision> decision = service == null ? Optional.empty() : service.restartDecision(c.name());
      if (until.isEmpty() || !until.get().isAfter(now) || decision.isEmpty()) {
        continue;
      }
      String key = stack + "/" + c.name(); // keyed by stack: stack "a" must not clear stack "a-b"'s entries
      waiting.add(key);
      if (until.get().equals(announced.put(key, until.get()))) {
        continue;
      }
      // What RestartRules decided, in the words of the plan: reason, exit code and the restart's number included.
      RestartDecision wait = decision.get();
      events.emit(new AgentEvent(now, EventType.CONTAINER_RESTARTING, stack, c.service(), c.slot(), c.name(),
          wait.reason().label(), wait.what() + ", restart " + wait.number() + " in "
              + DurationText.of(Duration.between(now, until.get())) + " (backoff)"));
    }
    String prefix = stack + "/";
    announced.keySet().removeIf(key -> key.startsWith(prefix) && !waiting.contains(key));
  }
}
