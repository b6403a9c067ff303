package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/** v1 ConfigMap: a Compose config's content, as text ({@code data}) or, when it is not UTF-8, {@code binaryData}. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "data", "binaryData"})
public record ConfigMap(ObjectMeta metadata, Map<String, String> data, Map<String, String> binaryData)
    implements Manifest {
  public ConfigMap {
    data = data == null ? Map.of() : new TreeMap<>(data);
    binaryData = binaryData == null ? Map.of() : new TreeMap<>(binaryData);
  }

  @Override
  public String apiVersion() {
    return "v1";
  }

  @Override
  public String kind() {
    return "ConfigMap";
  }
}
