package io.orch.core.rollout;

import io.orch.core.model.UpdateConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a service's rollout state for one pass from the state before it and what the planner saw: Swarm's
 * update_config semantics. A rollout starts when replicas run an outdated spec, counts each failed run of a new
 * replica once, and once the failures exceed {@code max_failure_ratio} of the replicas acts per
 * {@code failure_action}: {@code pause} stops it, {@code rollback} asks for the previous spec (a failing rollback
 * pauses instead of rolling back again), {@code continue} goes on. It completes when no replica is outdated and every
 * one has been ready for {@code monitor}. A paused rollout stays paused until the agent clears it (a new submit, a
 * rollback). Pure: no clock, no engine.
 */
public final class RolloutJudge {
  private RolloutJudge() {}

  /**
   * What the planner saw of one service in this pass.
   *
   * @param outdated replicas still on another spec (or whose replacement has not started)
   * @param updated replicas on the target spec that have been ready for monitor
   * @param failuresSeen failed runs of target-spec replicas seen now, by key, with what happened to each
   */
  public record Observation(String targetHash, int replicas, int outdated, int updated,
      Map<String, String> failuresSeen, Instant now) {
    public Observation {
      failuresSeen = Map.copyOf(failuresSeen);
    }
  }

  public static RolloutState next(RolloutState previous, Observation seen, UpdateConfig config) {
    boolean sameTarget = previous != null && previous.targetHash().equals(seen.targetHash());
    RolloutState current;
    if (sameTarget) {
      current = previous;
    } else if (seen.outdated() > 0) {
      current = new RolloutState(seen.targetHash(), RolloutPhase.ROLLING_OUT, seen.updated(), seen.replicas(),
          List.of(), null, seen.now());
    } else {
      // Nothing outdated and no rollout towards this spec: a first deploy or a scale, not a rollout. A finished
      // record of another spec is kept for people to read; an unfinished one no longer means anything.
      return previous != null && !previous.phase().active() && previous.phase() != RolloutPhase.ROLLBACK_REQUESTED
          && previous.phase() != RolloutPhase.PAUSED ? previous : null;
    }
    int total = seen.replicas();
    current = new RolloutState(current.targetHash(), current.phase(), seen.updated(), total, current.failures(),
        current.reason(), current.startedAt());
    if (!current.phase().active()) {
      return current;
    }
    List<String> failures = new ArrayList<>(current.failures());
    String lastFailure = null;
    for (Map.Entry<String, String> f : seen.failuresSeen().entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList()) {
      if (!failures.contains(f.getKey())) {
        failures.add(f.getKey());
        lastFailure = f.getValue();
      }
    }
    current = current.with(current.phase(), seen.updated(), failures, current.reason());
    if (lastFailure != null && pastRatio(failures.size(), total, config.maxFailureRatio())) {
      String why = failures.size() + " of " + total + " replicas failed (max_failure_ratio "
          + ratio(config.maxFailureRatio()) + "): " + lastFailure;
      switch (config.failureAction()) {
        case PAUSE -> {
          return current.with(RolloutPhase.PAUSED, seen.updated(), failures, why);
        }
        case ROLLBACK -> {
          return current.phase() == RolloutPhase.ROLLING_BACK
              ? current.with(RolloutPhase.PAUSED, seen.updated(), failures, "rollback failed: " + why)
              : current.with(RolloutPhase.ROLLBACK_REQUESTED, seen.updated(), failures, why);
        }
        case CONTINUE -> { }
      }
    }
    if (seen.outdated() == 0 && seen.updated() >= total) {
      return current.with(current.phase() == RolloutPhase.ROLLING_BACK ? RolloutPhase.ROLLED_BACK
          : RolloutPhase.COMPLETED, seen.updated(), failures, current.reason());
    }
    return current;
  }

  /** Swarm's rule: the update fails once the failed share exceeds the ratio (0 means the first failure). */
  static boolean pastRatio(int failures, int total, double maxRatio) {
    return total > 0 && failures > 0 && (double) failures / total > maxRatio;
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, "%s", r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r));
  }
}
