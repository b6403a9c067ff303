package io.orch.agent.cli;

import io.orch.api.dto.ServiceStatusDto;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a service's progress reads on a terminal. */
final class Progress {
  private Progress() {}

  static boolean hasHealthcheck(ServiceStatusDto s) {
    return s.containers().stream().anyMatch(c -> c.health() != null);
  }

  static boolean done(ServiceStatusDto s) {
    return s.state() == ServiceStatusDto.State.RUNNING || s.state() == ServiceStatusDto.State.COMPLETED;
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
