package io.orch.core.k8s.manifest;

import java.util.Map;
import java.util.TreeMap;

/** A label selector with matchLabels only (orch never needs expressions). */
public record LabelSelector(Map<String, String> matchLabels) {
  public LabelSelector {
    matchLabels = new TreeMap<>(matchLabels);
  }
}
