package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** networking.k8s.io/v1 NetworkPolicy: ingress allowed only from the listed peers and on the listed ports. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record NetworkPolicy(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "networking.k8s.io/v1";
  }

  @Override
  public String kind() {
    return "NetworkPolicy";
  }

  public record Spec(LabelSelector podSelector, List<String> policyTypes, List<IngressRule> ingress) {}

  /** Empty {@code from} means from anywhere; empty {@code ports} means on every port. */
  public record IngressRule(List<Peer> from, List<Port> ports) {}

  public record Peer(LabelSelector podSelector) {}

  public record Port(String protocol, int port) {}
}
