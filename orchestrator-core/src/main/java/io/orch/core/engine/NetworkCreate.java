package io.orch.core.engine;

import io.orch.core.model.NetworkSpec;
import java.util.Map;

/** A network orch asks the engine to create, by its final engine name, with orch's labels. */
public record NetworkCreate(
    String name, String driver, boolean internal, Map<String, String> labels, Map<String, String> driverOpts,
    NetworkSpec.Ipam ipam, boolean enableIpv6, boolean attachable) {
  public NetworkCreate {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
  }

  public NetworkCreate(String name, String driver, boolean internal, Map<String, String> labels,
      Map<String, String> driverOpts) {
    this(name, driver, internal, labels, driverOpts, null, false, false);
  }
}
