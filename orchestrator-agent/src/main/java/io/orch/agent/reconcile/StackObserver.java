package io.orch.agent.reconcile;

import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.Labels;
import java.util.List;
import java.util.Map;

/** Reads everything the engine holds for one stack, by label: the planner's only input from the engine. */
public final class StackObserver {
  private final EngineView engine;

  public StackObserver(EngineView engine) {
    this.engine = engine;
  }

  public ObservedState observe(String stack, Stack desired) {
    Map<String, String> ours = Map.of(Labels.MANAGED, "true", Labels.STACK, stack);
    List<String> images = desired == null ? List.of()
        : desired.services().values().stream().map(ServiceSpec::image).distinct().filter(engine::imageExists).toList();
    return new ObservedState(engine.listContainers(ours), engine.listNetworks(ours), engine.listVolumes(ours), images);
  }
}
