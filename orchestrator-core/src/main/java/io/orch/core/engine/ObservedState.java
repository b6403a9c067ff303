package io.orch.core.engine;

import java.util.List;

/**
 * What the engine holds for one stack: every managed object labelled with the stack, plus any foreign (unlabelled)
 * objects whose names clash with names the stack wants, so the planner can report them instead of touching them.
 */
public record ObservedState(
    List<ObservedContainer> containers, List<ObservedNetwork> networks, List<ObservedVolume> volumes,
    List<String> imagesPresent) {
  public static final ObservedState EMPTY = new ObservedState(List.of(), List.of(), List.of(), List.of());

  public ObservedState {
    containers = List.copyOf(containers);
    networks = List.copyOf(networks);
    volumes = List.copyOf(volumes);
    imagesPresent = List.copyOf(imagesPresent);
  }
}
