package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** v1 Service (named KubeService so it never reads as orch's own ServiceSpec). */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record KubeService(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "v1";
  }

  @Override
  public String kind() {
    return "Service";
  }

  public record Spec(String type, Map<String, String> selector, List<Port> ports) {
    public Spec {
      selector = new TreeMap<>(selector);
    }
  }

  /** {@code nodePort} is null unless orch picks it (NodePort exposure of a port in 30000-32767). */
  public record Port(String name, int port, int targetPort, String protocol, Integer nodePort) {}
}
