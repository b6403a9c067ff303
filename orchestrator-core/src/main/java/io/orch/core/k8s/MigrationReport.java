package io.orch.core.k8s;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What will behave differently after the move, grouped by consequence (data, reachability, restarts, ordering...) and
 * within each by service, so that a user knows what to check before going live. The same grouping heads the
 * manifests as comments.
 */
public final class MigrationReport {
  private MigrationReport() {}

  /** The report as `orch convert k8s --report` prints it. */
  public static String text(String stackName, KubernetesExport export) {
    StringBuilder sb = new StringBuilder("Migration report for stack \"" + stackName + "\" to Kubernetes: ");
    if (export.warnings().isEmpty()) {
      return sb.append("every key maps exactly; nothing behaves differently.\n").toString();
    }
    sb.append(export.warnings().size()).append(" difference(s) to check before going live.\n");
    grouped(export).forEach((consequence, byService) -> {
      sb.append('\n').append(consequence.title()).append(" (").append(consequence.scope()).append("):\n");
      byService.forEach((service, warnings) -> {
        sb.append("  ").append(service == null ? "stack-wide" : "service " + service).append(":\n");
        warnings.forEach(w -> sb.append("    - ").append(w.toString().replace("\n", " ")).append('\n'));
      });
    });
    return sb.toString();
  }

  /** The comment lines at the top of the output: every warning as {@code #   path: message}, under its group. */
  static String header(String stackName, KubernetesExport export) {
    StringBuilder sb = new StringBuilder(KustomizeLayout.MARKER + " from stack \"" + stackName + "\".\n");
    if (export.warnings().isEmpty()) {
      return sb.append("# Every key was mapped; no warnings.\n").toString();
    }
    sb.append("# ").append(export.warnings().size())
        .append(" warning(s): keys not mapped exactly, by what changes after the move:\n");
    grouped(export).forEach((consequence, byService) -> {
      sb.append("# ").append(consequence.title()).append(":\n");
      byService.values().forEach(list ->
          list.forEach(w -> sb.append("#   ").append(w.toString().replace("\n", " ")).append('\n')));
    });
    return sb.toString();
  }

  /** Consequence (in declaration order) -> service (first seen first; null = stack-wide, last) -> warnings. */
  private static Map<Consequence, Map<String, List<ExportWarning>>> grouped(KubernetesExport export) {
    Map<Consequence, Map<String, List<ExportWarning>>> groups = new EnumMap<>(Consequence.class);
    for (ExportWarning w : export.warnings()) {
      groups.computeIfAbsent(w.consequence(), c -> new LinkedHashMap<>())
          .computeIfAbsent(w.service(), s -> new ArrayList<>()).add(w);
    }
    groups.values().forEach(byService -> {
      List<ExportWarning> stackWide = byService.remove(null);
      if (stackWide != null) {
        byService.put(null, stackWide);
      }
    });
    return groups;
  }
}
