package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedState;
import io.orch.core.engine.ObservedVolume;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The part of an {@link ObservedState} that belongs to one stack (managed and labelled with the stack), plus the names
 * of foreign objects, which the planner must never touch and reports when they clash with a name it wants.
 */
final class ObservedStack {
  private static final Comparator<ObservedContainer> BY_SLOT =
      Comparator.comparingInt(ObservedContainer::slot).thenComparing(ObservedContainer::name);

  final Map<String, List<ObservedContainer>> containersByService;
  final List<ObservedContainer> containers;
  final Map<String, ObservedNetwork> networks;
  final Map<String, ObservedVolume> volumes;
  final Set<String> foreignContainers = new HashSet<>();
  final Set<String> foreignNetworks = new HashSet<>();
  final Set<String> foreignVolumes = new HashSet<>();
  final Set<String> images;
  private final Map<String, Instant> stateSince;

  private ObservedStack(String stack, ObservedState observed) {
    containers = observed.containers().stream()
        .filter(c -> ours(stack, c))
        .sorted(Comparator.comparing(ObservedContainer::service).thenComparing(BY_SLOT))
        .toList();
    containersByService = containers.stream()
        .collect(Collectors.groupingBy(ObservedContainer::service, TreeMap::new, Collectors.toList()));
    observed.containers().stream().filter(c -> !ours(stack, c)).forEach(c -> foreignContainers.add(bare(c.name())));

    networks = new TreeMap<>();
    for (ObservedNetwork n : observed.networks()) {
      if (n.managed() && stack.equals(n.labels().get(Labels.STACK))) {
        networks.put(n.name(), n);
      } else {
        foreignNetworks.add(n.name());
      }
    }
    volumes = new TreeMap<>();
    for (ObservedVolume v : observed.volumes()) {
      if (v.managed() && stack.equals(v.labels().get(Labels.STACK))) {
        volumes.put(v.name(), v);
      } else {
        foreignVolumes.add(v.name());
      }
    }
    stateSince = observed.stateSince();
    images = observed.imagesPresent().stream().map(ObservedStack::normalizeImage).collect(Collectors.toSet());
  }

  /** Since when the agent has seen the container in its current state and health; null if unknown. */
  Instant stateSince(ObservedContainer c) {
    return stateSince.get(c.id());
  }

  static ObservedStack of(String stack, ObservedState observed) {
    return new ObservedStack(stack, observed);
  }

  private static boolean ours(String stack, ObservedContainer c) {
    return c.managed() && stack.equals(c.stack()) && c.service() != null;
  }

  List<ObservedContainer> containersOf(String service) {
    return containersByService.getOrDefault(service, List.of());
  }

  boolean imagePresent(String image) {
    return images.contains(normalizeImage(image));
  }

  /** "busybox", "busybox:latest" and "docker.io/library/busybox:latest" name the same image. */
  static String normalizeImage(String image) {
    String ref = image;
    if (ref.startsWith("docker.io/")) {
      ref = ref.substring("docker.io/".length());
    }
    if (ref.startsWith("library/")) {
      ref = ref.substring("library/".length());
    }
    String lastPart = ref.substring(ref.lastIndexOf('/') + 1);
    if (!lastPart.contains(":") && !lastPart.contains("@")) {
      ref = ref + ":latest";
    }
    return ref;
  }

  // The engine reports names with a leading slash in some listings.
  private static String bare(String name) {
    return name != null && name.startsWith("/") ? name.substring(1) : name;
  }
}
