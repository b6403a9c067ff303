package io.orch.agent.reconcile;

import io.orch.agent.observe.ContainerInformer;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.Labels;
import java.util.List;
import java.util.Map;

/**
 * What the engine holds for one stack, by label: the planner's only input from the engine. Containers come from the
 * {@link ContainerInformer} (kept from events, no engine call); networks and volumes, which are few and change only
 * by orch's own hand, are listed.
 */
public final class StackObserver {
  private final EngineView engine;
  private final ContainerInformer informer;

  public StackObserver(EngineView engine, ContainerInformer informer) {
    this.engine = engine;
    this.informer = informer;
  }

  /** The agent's view of the containers, kept from engine events. */
  public ContainerInformer informer() {
    return informer;
  }

  public ObservedState observe(String stack, Stack desired) {
    Map<String, String> ours = Map.of(Labels.MANAGED, "true", Labels.STACK, stack);
    List<String> images = desired == null ? List.of()
        : desired.services().values().stream().map(ServiceSpec::image).distinct().filter(engine::imageExists).toList();
    return new ObservedState(informer.containersOf(stack), engine.listNetworks(ours), engine.listVolumes(ours),
        images, informer.stateSince(stack));
  }

  /**
   * What the loop saw of the stack in its last pass, brought up to date without listing: containers from the informer,
   * networks and volumes as that pass saw them, and images checked only when that pass did not see them present.
   */
  public ObservedState refresh(ObservedState lastPass, String stack, Stack desired) {
    List<String> images = desired == null ? List.of() : desired.services().values().stream()
        .map(ServiceSpec::image).distinct()
        .filter(image -> lastPass.imagesPresent().contains(image) || engine.imageExists(image)).toList();
    return new ObservedState(informer.containersOf(stack), lastPass.networks(), lastPass.volumes(), images,
        informer.stateSince(stack));
  }

  /** The containers alone, for a stack whose status is listed but not planned (unmanaged). */
  public ObservedState containersOnly(String stack) {
    return new ObservedState(informer.containersOf(stack), List.of(), List.of(), List.of());
  }
}
