package io.orch.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the engine holds for one stack: every managed object labelled with the stack, plus any foreign (unlabelled)
 * objects whose names clash with names the stack wants, so the planner can report them instead of touching them.
 * {@code stateSince} says, by container id, since when the agent has seen the container in its current state and
 * health (the engine keeps no "unhealthy since"); a container missing from it is of unknown age.
 */
public record ObservedState(
    List<ObservedContainer> containers, List<ObservedNetwork> networks, List<ObservedVolume> volumes,
    List<String> imagesPresent, Map<String, Instant> stateSince) {
  public static final ObservedState EMPTY = new ObservedState(List.of(), List.of(), List.of(), List.of());

  public ObservedState {
    containers = List.copyOf(containers);
    networks = List.copyOf(networks);
    volumes = List.copyOf(volumes);
    imagesPresent = List.copyOf(imagesPresent);
    stateSince = Map.copyOf(stateSince);
  }

  public ObservedState(List<ObservedContainer> containers, List<ObservedNetwork> networks,
      List<ObservedVolume> volumes, List<String> imagesPresent) {
    this(containers, networks, volumes, imagesPresent, Map.of());
  }

  /** Since when the container has been in its current state and health, if the agent saw it change. */
  public Instant stateSince(ObservedContainer c) {
    return stateSince.get(c.id());
  }
}
