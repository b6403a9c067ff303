package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** Kubernetes' IntOrString (e.g. maxSurge: 1 or "25%"). */
public record IntOrString(Integer number, String text) {
  public static IntOrString of(int n) {
    return new IntOrString(n, null);
  }

  public static IntOrString of(String s) {
    return new IntOrString(null, s);
  }

  @JsonValue
  public Object value() {
    return number != null ? number : text;
  }
}
