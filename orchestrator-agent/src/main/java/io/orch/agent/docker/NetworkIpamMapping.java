package io.orch.agent.docker;

import com.github.dockerjava.api.model.Network;
import io.orch.core.model.NetworkSpec;

/** A network's {@code ipam:} as docker-java's create-network model; null leaves the engine to assign addresses. */
final class NetworkIpamMapping {
  private NetworkIpamMapping() {}

  static Network.Ipam ipam(NetworkSpec.Ipam ipam) {
    if (ipam == null) {
      return null;
    }
    Network.Ipam result = new Network.Ipam().withConfig(ipam.config().stream()
        .map(p -> new Network.Ipam.Config().withSubnet(p.subnet()).withIpRange(p.ipRange()).withGateway(p.gateway()))
        .toList());
    if (ipam.driver() != null) {
      result.withDriver(ipam.driver());
    }
    return result;
  }
}
