package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The events one service's rollout state change announces, from the state stored before a pass and the one its plan
 * decided: {@code rollout.started} for a new target, {@code rollout.progress} when one more replica is updated,
 * {@code rollout.paused}, {@code rollout.rolled_back} and {@code rollout.completed} when it ends that way. Comparing
 * with the stored state (not the last pass) means a restarted agent announces nothing twice.
 */
final class RolloutTransitions {
  private RolloutTransitions() {}

  static List<AgentEvent> between(String stack, String service, RolloutState before, RolloutState after,
      Instant at) {
    List<AgentEvent> out = new ArrayList<>();
    if (after == null || Objects.equals(before, after)) {
      return out;
    }
    boolean newTarget = before == null || (before.targetHash() != null
        && !before.targetHash().equals(after.targetHash()));
    boolean rollbackStarts = before != null && before.targetHash() == null;
    if (newTarget || rollbackStarts) {
      boolean back = rollbackStarts || after.rollback();
      out.add(event(at, EventType.ROLLOUT_STARTED, stack, service, back ? "rollback" : "update",
          (back ? "rolling back to the previous spec: " : "rolling out a changed spec: ")
              + after.total() + " replica(s)" + (after.reason() == null ? "" : " (" + after.reason() + ")")));
    }
    RolloutPhase was = newTarget ? null : before.phase();
    if (after.phase() != was) {
      switch (after.phase()) {
        case PAUSED -> out.add(event(at, EventType.ROLLOUT_PAUSED, stack, service, "paused",
            "rollout paused, updated " + after.updated() + "/" + after.total() + ": " + after.reason()
                + "; orch rollback " + service + " restores the previous spec, orch up resumes"));
        case ROLLED_BACK -> out.add(event(at, EventType.ROLLOUT_ROLLED_BACK, stack, service, "rolled_back",
            "rolled back to the previous spec: " + after.reason()));
        case COMPLETED -> out.add(event(at, EventType.ROLLOUT_COMPLETED, stack, service, "completed",
            "rollout completed: updated " + after.updated() + "/" + after.total()
                + (after.failures().isEmpty() ? "" : ", " + after.failures().size() + " failure(s) tolerated")));
        case ROLLBACK_REQUESTED, ROLLING_OUT, ROLLING_BACK -> { }
      }
    }
    if (after.phase().active() && after.updated() > (newTarget || before == null ? 0 : before.updated())) {
      out.add(event(at, EventType.ROLLOUT_PROGRESS, stack, service, null,
          (after.rollback() ? "rolling back: " : "") + "updated " + after.updated() + "/" + after.total()));
    }
    return out;
  }

  private static AgentEvent event(Instant at, EventType type, String stack, String service, String reason,
      String message) {
    return new AgentEvent(at, type, stack, service, null, null, reason, message);
  }
}
