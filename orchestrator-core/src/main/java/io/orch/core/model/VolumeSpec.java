package io.orch.core.model;

import java.util.Map;

/**
 * A named stack volume. The engine object is {@code <stack>_<name>} unless external ({@code externalName} as is,
 * never created or removed by orch).
 */
public record VolumeSpec(
    String name, String driver, boolean external, String externalName, Map<String, String> labels,
    Map<String, String> driverOpts) {
  public VolumeSpec {
    driver = driver == null ? "local" : driver;
    labels = Collections2.sorted(labels);
    driverOpts = Collections2.sorted(driverOpts);
  }

  public static VolumeSpec local(String name) {
    return new VolumeSpec(name, "local", false, null, null, null);
  }
}
