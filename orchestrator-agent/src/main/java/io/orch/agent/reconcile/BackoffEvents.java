package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedState;
import io.orch.core.restart.DurationText;
import io.orch.core.restart.RestartTracker;
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

  void afterPlan(String stack, ObservedState observed, RestartTracker restarts, Instant now) {
    Set<String> waiting = new HashSet<>();
    for (ObservedContainer c : observed.containers()) {
      Optional<Instant> until = restarts.backoffUntil(c.name());
      if (until.isEmpty() || !until.get().isAfter(now)) {
        continue;
      }
      String key = stack + "/" + c.name(); // keyed by stack: stack "a" must not clear stack "a-b"'s entries
      waiting.add(key);
      if (until.get().equals(announced.put(key, until.get()))) {
        continue;
      }
      Duration delay = Duration.between(now, until.get());
      String reason = c.running() && c.health() == ObservedContainer.Health.UNHEALTHY ? "unhealthy"
          : c.oomKilled() ? "oom" : "exit";
      String what = reason.equals("unhealthy") ? "unhealthy"
          : "exited " + (c.exitCode() == null ? "?" : c.exitCode()) + (c.oomKilled() ? " (oom)" : "");
      events.emit(new AgentEvent(now, "container.restarting", stack, c.service(), c.slot(), c.name(), reason,
          what + ", restart " + (restarts.restarts(c.name()) + 1) + " in " + DurationText.of(delay) + " (backoff)"));
    }
    String prefix = stack + "/";
    announced.keySet().removeIf(key -> key.startsWith(prefix) && !waiting.contains(key));
  }
}
