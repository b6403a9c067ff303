package io.orch.core.engine;

import java.util.Map;

/** A named volume orch asks the engine to create, by its final engine name, with orch's labels. */
public record VolumeCreate(String name, String driver, Map<String, String> labels, Map<String, String> driverOpts) {
  public VolumeCreate {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
  }
}
