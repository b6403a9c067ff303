package io.orch.cli;

import io.orch.api.dto.ServiceStatusDto;
import java.util.ArrayList;
import java.util.List;

/**
 * What `orch up` makes of the services' status after a submission: the stack is up; it cannot get there without the
 * user (a service failed: max_attempts exhausted, or a failure that will not fix itself such as a host port taken, an
 * image that cannot be pulled, a health check whose command is not in the image; a service degraded: its replicas run
 * but its published port is not served; a rollout paused or rolled back), so waiting out --timeout is pointless; or
 * it is on its way. Pure: decided from the statuses alone.
 */
record UpVerdict(Kind kind, List<String> reasons) {
  enum Kind { WAIT, UP, NOT_AS_DECLARED }

  UpVerdict {
    reasons = List.copyOf(reasons);
  }

  /** Exit code of `orch up` for a verdict that ends the wait. */
  int exitCode() {
    return kind == Kind.UP ? 0 : 1;
  }

  static UpVerdict of(String stack, List<ServiceStatusDto> services) {
    List<String> reasons = new ArrayList<>();
    for (ServiceStatusDto s : services) {
      if (s.state() == ServiceStatusDto.State.FAILED) {
        reasons.add("service " + s.service() + " failed: " + Progress.why(s));
      } else if (s.state() == ServiceStatusDto.State.DEGRADED) {
        reasons.add("service " + s.service() + " is degraded: " + Progress.why(s));
      }
    }
    if (!reasons.isEmpty()) {
      return new UpVerdict(Kind.NOT_AS_DECLARED, reasons);
    }
    List<ServiceStatusDto> stuck = services.stream().filter(Progress::stuck).toList();
    if (!stuck.isEmpty() && services.stream().allMatch(s -> Progress.done(s) || Progress.stuck(s))) {
      stuck.forEach(s -> reasons.add("stack " + stack + " is not as declared: "
          + Progress.rolloutLine(s).orElse(s.service() + ": " + Progress.why(s))));
      return new UpVerdict(Kind.NOT_AS_DECLARED, reasons);
    }
    if (!services.isEmpty() && services.stream().allMatch(Progress::done)) {
      return new UpVerdict(Kind.UP, List.of());
    }
    return new UpVerdict(Kind.WAIT, List.of());
  }
}
