package io.orch.core.model;

import java.util.Map;

/**
 * A stack network. {@code name} is the key in the stack file; the engine object is {@code <stack>_<name>} unless the
 * network is external, in which case {@code externalName} is used as is and orch never creates or removes it.
 */
public record NetworkSpec(
    String name, String driver, boolean internal, boolean external, String externalName,
    Map<String, String> labels, Map<String, String> driverOpts) {
  public NetworkSpec {
    driver = driver == null ? "bridge" : driver;
    labels = Collections2.sorted(labels);
    driverOpts = Collections2.sorted(driverOpts);
  }

  public static NetworkSpec bridge(String name) {
    return new NetworkSpec(name, "bridge", false, false, null, null, null);
  }
}
