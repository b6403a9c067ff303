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

  /**
   * {@code clusterIP} is "None" for a headless Service (a service that declares no port: its name still resolves, to
   * the ready pods' addresses, as a Compose service name does), else null (Kubernetes assigns one).
   */
  @JsonPropertyOrder({"type", "clusterIP", "selector", "ports"})
  public record Spec(String type, String clusterIP, Map<String, String> selector, List<Port> ports) {
    public Spec {
      selector = new TreeMap<>(selector);
      ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public Spec(String type, Map<String, String> selector, List<Port> ports) {
      this(type, null, selector, ports);
    }

    /** A headless Service without ports: DNS by name only. */
    public static Spec headless(Map<String, String> selector) {
      return new Spec("ClusterIP", "None", selector, List.of());
    }
  }

  /** {@code nodePort} is null unless orch picks it (NodePort exposure of a port in 30000-32767). */
  public record Port(String name, int port, int targetPort, String protocol, Integer nodePort) {}
}
