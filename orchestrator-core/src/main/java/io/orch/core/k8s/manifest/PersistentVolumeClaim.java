package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** v1 PersistentVolumeClaim: what a named stack volume becomes. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record PersistentVolumeClaim(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "v1";
  }

  @Override
  public String kind() {
    return "PersistentVolumeClaim";
  }

  public record Spec(List<String> accessModes, Resources resources) {}

  public record Resources(Map<String, String> requests) {}
}
