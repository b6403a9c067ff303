package io.orch.core.rollout;

import java.time.Instant;
import java.util.List;

/**
 * One service's rollout towards the spec hash {@code targetHash}: its phase, how many replicas run the target spec
 * and have been ready for monitor ({@code updated} of {@code total}), the failures counted so far (one key per failed
 * run of a new replica, {@code <container id>@<started at>}, so a run is counted once however many passes see it) and
 * why it paused or rolled back. Immutable; the agent stores it with the stack, so a restarted agent neither forgets a
 * paused rollout nor starts a rolled-back one again.
 */
public record RolloutState(String targetHash, RolloutPhase phase, int updated, int total, List<String> failures,
    String reason, Instant startedAt) {

  public RolloutState {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  /** Rolling the previous spec back out (or done with it): rollback_config governs it. */
  public boolean rollback() {
    return phase == RolloutPhase.ROLLING_BACK || phase == RolloutPhase.ROLLED_BACK;
  }

  public RolloutState with(RolloutPhase newPhase, int newUpdated, List<String> newFailures, String newReason) {
    return new RolloutState(targetHash, newPhase, newUpdated, total, newFailures, newReason, startedAt);
  }

  /** "updated 2/3", with the failures and the reason when there are any. */
  public String describe() {
    StringBuilder b = new StringBuilder(phase.wire().replace('_', ' ')).append(": updated ").append(updated)
        .append('/').append(total);
    if (!failures.isEmpty()) {
      b.append(", ").append(failures.size()).append(failures.size() == 1 ? " failure" : " failures");
    }
    if (reason != null) {
      b.append(" (").append(reason).append(')');
    }
    return b.toString();
  }
}
