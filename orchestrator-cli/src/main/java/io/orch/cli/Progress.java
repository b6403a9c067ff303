package io.orch.cli;

import io.orch.api.dto.ServiceStatusDto;
import java.util.List;
import io.orch.api.dto.RolloutDto;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a service's progress reads on a terminal. */
final class Progress {
  private Progress() {}

  static boolean hasHealthcheck(ServiceStatusDto s) {
    return s.containers().stream().anyMatch(c -> c.health() != null);
  }

  /** Runs as declared: running (not in a crash loop, the agent says so) or completed, with no rollout left to do. */
  static boolean done(ServiceStatusDto s) {
    boolean up = s.state() == ServiceStatusDto.State.RUNNING || s.state() == ServiceStatusDto.State.COMPLETED;
    return up && (s.rolloutState() == null || !s.rolloutState().underWay() && !s.rolloutState().stuck());
  }

  /** The rollout paused or rolled back: `up` cannot reach the declared state without the user. */
  static boolean stuck(ServiceStatusDto s) {
    return s.state() == ServiceStatusDto.State.PAUSED || s.rolloutState() != null && s.rolloutState().stuck();
  }

  /**
   * "web: updated 2/3" while a rollout is under way, "web: rollout paused, updated 1/3: <why>; orch rollback web
   * restores..." when it is stuck; empty otherwise.
   */
  static Optional<String> rolloutLine(ServiceStatusDto s) {
    return rolloutLine(s.service(), s.rolloutState());
  }

  /** As {@link #rolloutLine(ServiceStatusDto)}, for the service named {@code service} and its rollout {@code r}. */
  static Optional<String> rolloutLine(String service, RolloutDto r) {
    if (r == null || !(r.underWay() || r.stuck())) {
      return Optional.empty();
    }
    String counts = "updated " + r.updated() + "/" + r.total()
        + (r.failures() == 0 ? "" : ", " + r.failures() + (r.failures() == 1 ? " failure" : " failures"));
    return Optional.of(switch (r.phase()) {
      case PAUSED -> service + ": rollout paused, " + counts + ": " + r.reason() + " (`orch rollback "
          + service + "` restores the previous spec; `orch up` again resumes; `orch events` and `orch logs "
          + service + "` show what failed)";
      case ROLLED_BACK -> service + ": rolled back to the previous spec: " + r.reason() + " (`orch logs "
          + service + "` and `orch events` show what failed; fix the file and run `orch up` again)";
      case ROLLING_BACK, ROLLBACK_REQUESTED -> service + ": rolling back, " + counts;
      default -> service + ": " + counts;
    });
  }

  static String line(ServiceStatusDto s) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "  %-16s %d/%d running", s.service(), s.running(), s.desired()));
    if (hasHealthcheck(s)) {
      b.append(String.format(Locale.ROOT, ", %d/%d healthy", s.healthy(), s.desired()));
    }
    b.append("  ").append(s.state().name().toLowerCase(Locale.ROOT));
    if (!s.notes().isEmpty()) {
      b.append(" (").append(String.join("; ", s.notes())).append(')');
    }
    if (s.lastError() != null) {
      b.append(" error: ").append(s.lastError());
    }
    return b.toString();
  }

  static String why(ServiceStatusDto s) {
    String base = s.running() + "/" + s.desired() + " running"
        + (hasHealthcheck(s) ? ", " + s.healthy() + "/" + s.desired() + " healthy" : "")
        + ", " + s.state().name().toLowerCase(Locale.ROOT);
    if (s.lastError() != null) {
      base += "; last error: " + s.lastError();
    }
    if (!s.notes().isEmpty()) {
      base += "; " + String.join("; ", s.notes());
    }
    return base;
  }

  static String summary(List<ServiceStatusDto> services) {
    return services.stream().map(s -> s.service() + " " + s.running() + "/" + s.desired()
        + (hasHealthcheck(s) ? " healthy" : " running")).collect(Collectors.joining(", "));
  }
}
