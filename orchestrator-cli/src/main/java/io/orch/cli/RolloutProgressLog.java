package io.orch.cli;

import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.ServiceStatusDto;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout lines `orch up` prints while it waits, one per change. The agent's {@code updated} is how many new
 * replicas are ready for monitor at this instant, so it can dip for a pass (a stale view of a replica, a probe
 * between two states) and a rollout that completes leaves "under way" before its last replica is shown: printed as
 * is, that read {@code updated 2/3}, then {@code 1/3}, and never {@code 3/3}. Here the count shown for one rollout
 * (keyed by its start) only grows, a failure or a phase change still gets its line, and a completed rollout ends
 * with {@code updated n/n}. A stuck rollout (paused, rolled back) prints nothing here: `up` says why when it stops.
 */
final class RolloutProgressLog {
  private record Shown(Instant startedAt, RolloutDto.Phase phase, int updated, int failures) {}

  private final Map<String, Shown> shown = new HashMap<>();

  /** The line to print for {@code s} now, if its rollout moved on since the last one printed. */
  Optional<String> next(ServiceStatusDto s) {
    RolloutDto r = s.rolloutState();
    if (r == null || Progress.stuck(s)) {
      return Optional.empty();
    }
    Shown before = shown.get(s.service());
    boolean same = before != null && Objects.equals(before.startedAt(), r.startedAt());
    if (r.phase() == RolloutDto.Phase.COMPLETED) {
      // Only a rollout this run saw under way: a finished record from an earlier `up` is no news.
      if (!same || before.phase() == RolloutDto.Phase.COMPLETED) {
        return Optional.empty();
      }
      shown.put(s.service(), new Shown(r.startedAt(), r.phase(), r.total(), r.failures()));
      return Optional.of(s.service() + ": updated " + r.total() + "/" + r.total() + ", rollout complete");
    }
    if (!r.underWay()) {
      return Optional.empty();
    }
    int updated = same ? Math.max(before.updated(), r.updated()) : r.updated();
    int failures = same ? Math.max(before.failures(), r.failures()) : r.failures();
    if (same && updated == before.updated() && failures == before.failures() && r.phase() == before.phase()) {
      return Optional.empty();
    }
    shown.put(s.service(), new Shown(r.startedAt(), r.phase(), updated, failures));
    return Progress.rolloutLine(s.service(),
        new RolloutDto(r.phase(), updated, r.total(), failures, r.reason(), r.startedAt()));
  }
}
