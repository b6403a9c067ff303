package io.orch.core.k8s;

import io.orch.core.k8s.manifest.Manifest;
import java.util.List;

/** The result of exporting a stack: manifests in apply order, and every key that could not be mapped exactly. */
public record KubernetesExport(List<Manifest> manifests, List<ExportWarning> warnings) {
  public KubernetesExport {
    manifests = List.copyOf(manifests);
    warnings = List.copyOf(warnings);
  }
}
