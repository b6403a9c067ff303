package io.orch.core.k8s.manifest;

import java.util.Map;
import java.util.TreeMap;

/** metadata of a Kubernetes object; maps are sorted so output is stable. */
public record ObjectMeta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
  public ObjectMeta {
    labels = labels == null ? Map.of() : new TreeMap<>(labels);
    annotations = annotations == null ? Map.of() : new TreeMap<>(annotations);
  }

  public ObjectMeta(String name, String namespace, Map<String, String> labels) {
    this(name, namespace, labels, null);
  }
}
