package io.orch.agent.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.Network;
import io.orch.core.model.NetworkSpec;
import java.util.Map;

/** A network's {@code ipam:} as docker-java's create-network model; null leaves the engine to assign addresses. */
final class NetworkIpamMapping {
  private NetworkIpamMapping() {}

  static Network.Ipam ipam(NetworkSpec.Ipam ipam) {
    if (ipam == null) {
      return null;
    }
    Network.Ipam result = new IpamWithOptions(ipam.options()).withConfig(ipam.config().stream()
        .map(p -> (Network.Ipam.Config) new ConfigWithAuxAddresses(p.auxAddresses()).withSubnet(p.subnet())
            .withIpRange(p.ipRange()).withGateway(p.gateway()))
        .toList());
    if (ipam.driver() != null) {
      result.withDriver(ipam.driver());
    }
    return result;
  }

  // docker-java's model has no setter for IPAM.Options and no IPAMConfig.AuxiliaryAddresses, both in the Engine API
  // since 1.22; these subclasses add them to the JSON docker-java sends.
  static final class IpamWithOptions extends Network.Ipam {
    private final Map<String, String> extraOptions;

    IpamWithOptions(Map<String, String> options) {
      this.extraOptions = options.isEmpty() ? null : options;
    }

    @Override
    @JsonProperty("Options")
    public Map<String, String> getOptions() {
      return extraOptions;
    }
  }

  static final class ConfigWithAuxAddresses extends Network.Ipam.Config {
    private final Map<String, String> auxAddresses;

    ConfigWithAuxAddresses(Map<String, String> auxAddresses) {
      this.auxAddresses = auxAddresses.isEmpty() ? null : auxAddresses;
    }

    @JsonProperty("AuxiliaryAddresses")
    public Map<String, String> getAuxAddresses() {
      return auxAddresses;
    }
  }
}
