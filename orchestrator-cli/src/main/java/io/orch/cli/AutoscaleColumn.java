package io.orch.cli;

import io.orch.api.dto.AutoscaleStatusDto;
import io.orch.api.dto.ServiceStatusDto;
import java.util.ArrayList;
import java.util.List;

/**
 * The AUTOSCALE column of {@code orch ps} and {@code orch ls}: each metric's utilisation against its target, the
 * autoscaler's count and its range, e.g. {@code cpu 143%/70% -> 5 [1-8]}; {@code pinned 3} for a pinned service,
 * {@code -} for one that is not autoscaled.
 */
final class AutoscaleColumn {
  private AutoscaleColumn() {}

  static String of(ServiceStatusDto s) {
    return of(s.autoscale());
  }

  static String of(AutoscaleStatusDto a) {
    if (a == null) {
      return "-";
    }
    if (a.pinned()) {
      return "pinned " + a.desiredReplicas();
    }
    List<String> parts = new ArrayList<>();
    for (AutoscaleStatusDto.Metric m : a.metrics()) {
      parts.add(m.metric() + " " + (m.utilization() == null ? "?" : Math.round(m.utilization() * 100) + "%") + "/"
          + Math.round(m.target() * 100) + "%");
    }
    parts.add("-> " + a.desiredReplicas() + " [" + a.min() + "-" + a.max() + "]");
    return String.join(" ", parts);
  }
}
