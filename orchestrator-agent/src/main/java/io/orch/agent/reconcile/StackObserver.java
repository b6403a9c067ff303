package io.orch.agent.reconcile;

import io.orch.agent.observe.ContainerInformer;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedState;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import io.orch.core.plan.EngineSpecs;
import io.orch.core.plan.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine holds for one stack, by label: the planner's only input from the engine. Containers come from the
 * {@link ContainerInformer} (kept from events, no engine call); networks and volumes, which are few and change only
 * by orch's own hand, are listed, plus any unlabelled namesake of one the stack would create, and the stack's images
 * checked. That listing is kept per stack and reused while it still holds: same desired stack, and no event since
 * about one of its networks or volumes, no image event, no relist ({@link ContainerInformer#objectsChangedSince}). So
 * a pass woken by a container's event (a crash) costs no engine call to observe.
 */
public final class StackObserver {
  /**
   * One stack's listing of its networks, volumes and images, for one desired stack, as of an informer mark; {@code
   * names} are those of the networks and volumes it is about (listed, or that the stack would create).
   */
  private record Objects(Stack desired, long mark, Set<String> names, List<ObservedNetwork> networks,
      List<ObservedVolume> volumes, List<String> images) {}

  private final EngineView engine;
  private final ContainerInformer informer;
  /** Written by the reconcile worker only (passes of a stack never overlap). */
  private final Map<String, Objects> listed = new ConcurrentHashMap<>();

  public StackObserver(EngineView engine, ContainerInformer informer) {
    this.engine = engine;
    this.informer = informer;
  }

  /** The agent's view of the containers, kept from engine events. */
  public ContainerInformer informer() {
    return informer;
  }

  public ObservedState observe(String stack, Stack desired) {
    Objects objects = objects(stack, desired);
    return new ObservedState(informer.containersOf(stack), objects.networks(), objects.volumes(), objects.images(),
        informer.stateSince(stack));
  }

  /**
   * Lists the stack's networks, volumes and images again at its next {@link #observe}, whatever the epoch says: after a
   * pass whose actions failed (an object may be gone without an event this agent saw).
   */
  public void forget(String stack) {
    listed.remove(stack);
  }

  private Objects objects(String stack, Stack desired) {
    Objects known = listed.get(stack);
    // Read before listing: an event during the listing comes after the mark, and the next pass lists again.
    long mark = informer.objectsMark();
    if (known != null && java.util.Objects.equals(known.desired(), desired)
        && !informer.objectsChangedSince(known.mark(), known.names())) {
      return known;
    }
    Map<String, String> ours = Map.of(Labels.MANAGED, "true", Labels.STACK, stack);
    List<String> images = desired == null ? List.of()
        : desired.services().values().stream().map(ServiceSpec::image).distinct().filter(engine::imageExists).toList();
    List<ObservedNetwork> networks = new ArrayList<>(engine.listNetworks(ours));
    List<ObservedVolume> volumes = new ArrayList<>(engine.listVolumes(ours));
    if (desired != null) {
      addNamesakes(desired, networks, volumes);
    }
    Set<String> names = new HashSet<>();
    networks.forEach(n -> {
      names.add(n.name());
      names.add(n.id());
    });
    volumes.forEach(v -> names.add(v.name()));
    if (desired != null) {
      EngineSpecs.stackNetworks(desired).values().forEach(n -> names.add(EngineSpecs.engineName(desired, n.name())));
      desired.volumes().values().forEach(v -> names.add(EngineSpecs.volumeEngineName(desired, v.name())));
    }
    names.remove(null);
    Objects fresh = new Objects(desired, mark, Set.copyOf(names), List.copyOf(networks), List.copyOf(volumes),
        List.copyOf(images));
    listed.put(stack, fresh);
    return fresh;
  }

  /**
   * Objects the stack would create under a name that is already taken by one without this stack's labels (a network or
   * volume made by hand, by Compose or by another stack). The label filter cannot see them, and the engine would
   * answer a create with the existing volume (or a conflict): listed here, the planner reports them and creates
   * nothing, so no replica joins or mounts what orch does not own. External ones are used as they are, by design.
   */
  private void addNamesakes(Stack desired, List<ObservedNetwork> networks, List<ObservedVolume> volumes) {
    Set<String> seen = new HashSet<>();
    networks.forEach(n -> seen.add(n.name()));
    for (NetworkSpec network : EngineSpecs.stackNetworks(desired).values()) {
      String name = EngineSpecs.engineName(desired, network.name());
      if (!network.external() && !seen.contains(name)) {
        // Inspect also matches an id (prefix): only the object of that very name counts.
        engine.inspectNetwork(name).filter(n -> n.name().equals(name)).ifPresent(networks::add);
      }
    }
    seen.clear();
    volumes.forEach(v -> seen.add(v.name()));
    for (VolumeSpec volume : desired.volumes().values()) {
      String name = EngineSpecs.volumeEngineName(desired, volume.name());
      if (!volume.external() && !seen.contains(name)) {
        engine.inspectVolume(name).ifPresent(volumes::add);
      }
    }
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
    listed.remove(stack);
    return new ObservedState(informer.containersOf(stack), List.of(), List.of(), List.of());
  }
}
