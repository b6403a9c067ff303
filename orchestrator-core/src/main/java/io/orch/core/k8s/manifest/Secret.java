package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * v1 Secret: a service's secret-looking environment values as stringData, or a Compose secret's file as data
 * (base64, so that any bytes survive).
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "type", "data", "stringData"})
public record Secret(ObjectMeta metadata, String type, Map<String, String> data, Map<String, String> stringData)
    implements Manifest {
  public Secret {
    data = data == null ? Map.of() : new TreeMap<>(data);
    stringData = stringData == null ? Map.of() : new TreeMap<>(stringData);
  }

  public Secret(ObjectMeta metadata, String type, Map<String, String> stringData) {
    this(metadata, type, null, stringData);
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
