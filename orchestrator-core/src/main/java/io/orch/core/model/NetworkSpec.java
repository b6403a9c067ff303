package io.orch.core.model;

import java.util.List;
import java.util.Map;

/**
 * A stack network. {@code name} is the key in the stack file; the engine object is {@code <stack>_<name>}, or
 * {@code externalName} (the file's {@code name:}) when given. An external network is used as is and orch never creates
 * or removes it.
 */
public record NetworkSpec(
    String name, String driver, boolean internal, boolean external, String externalName,
    Map<String, String> labels, Map<String, String> driverOpts, Ipam ipam, boolean enableIpv6, boolean attachable) {

  /** {@code ipam:}: the IPAM driver (null: the engine's default), its address pools and driver options. */
  public record Ipam(String driver, List<IpamPool> config, Map<String, String> options) {
    public Ipam {
      config = Collections2.list(config);
      options = Collections2.sorted(options);
    }
  }

  /** One {@code ipam.config} entry; null fields are left to the engine. */
  public record IpamPool(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {
    public IpamPool {
      auxAddresses = Collections2.sorted(auxAddresses);
    }
  }

  public NetworkSpec(String name, String driver, boolean internal, boolean external, String externalName,
      Map<String, String> labels, Map<String, String> driverOpts) {
    this(name, driver, internal, external, externalName, labels, driverOpts, null, false, false);
  }

  public NetworkSpec {
    driver = driver == null ? "bridge" : driver;
    labels = Collections2.sorted(labels);
    driverOpts = Collections2.sorted(driverOpts);
  }

  public static NetworkSpec bridge(String name) {
    return new NetworkSpec(name, "bridge", false, false, null, null, null);
  }
}
