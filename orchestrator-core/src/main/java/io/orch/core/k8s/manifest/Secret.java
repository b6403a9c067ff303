package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/** v1 Secret holding a service's secret-looking environment values as stringData. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "type", "stringData"})
public record Secret(ObjectMeta metadata, String type, Map<String, String> stringData) implements Manifest {
  public Secret {
    stringData = new TreeMap<>(stringData);
  }

  @Override
  public String apiVersion() {
    return "v1";
  }

  @Override
  public String kind() {
    return "Secret";
  }
}
