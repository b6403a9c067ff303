package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * networking.k8s.io/v1 Ingress: HTTP to a service's published port by host name. No ingressClassName: the cluster's
 * default IngressClass serves it.
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record Ingress(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "networking.k8s.io/v1";
  }

  @Override
  public String kind() {
    return "Ingress";
  }

  public record Spec(List<Rule> rules) {}

  public record Rule(String host, Http http) {}

  public record Http(List<Path> paths) {}

  /** Every path under {@code /} ({@code pathType: Prefix}) to one Service port. */
  public record Path(String path, String pathType, Backend backend) {
    public static Path everything(String service, int port) {
      return new Path("/", "Prefix", new Backend(new ServiceBackend(service, new ServicePort(port))));
    }
  }

  public record Backend(ServiceBackend service) {}

  public record ServiceBackend(String name, ServicePort port) {}

  public record ServicePort(int number) {}
}
