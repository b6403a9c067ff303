package io.orch.core.engine;

import io.orch.core.plan.Labels;
import java.util.Map;

/** A network as the engine reports it. */
public record ObservedNetwork(String id, String name, String driver, Map<String, String> labels) {
  public ObservedNetwork {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public boolean managed() {
    return "true".equals(labels.get(Labels.MANAGED));
  }
}
