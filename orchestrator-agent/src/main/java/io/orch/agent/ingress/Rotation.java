package io.orch.agent.ingress;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which replicas of a service receive new connections (DESIGN "Ports"): running, healthy or without a health check, not
 * being drained, and with an address on one of their networks. A replica still {@code starting} its health check is
 * not in rotation yet; one that turns {@code unhealthy} leaves at once.
 */
public final class Rotation {
  private Rotation() {}

  /** The rotation of {@code service} for {@code targetPort}, ordered by replica slot. */
  public static List<Backend> of(List<ObservedContainer> containers, String service, int targetPort,
      Set<String> draining) {
    return containers.stream()
        .filter(c -> service.equals(c.service()))
        .filter(Rotation::serves)
        .filter(c -> !draining.contains(c.id()))
        .sorted(Comparator.comparingInt(ObservedContainer::slot).thenComparing(ObservedContainer::name))
        .flatMap(c -> address(c).map(ip -> new Backend(c.id(), c.name(), new InetSocketAddress(ip, targetPort)))
            .stream())
        .toList();
  }

  /** Running (a restarting container is not) and healthy, or running without a health check. */
  static boolean serves(ObservedContainer c) {
    return c.state() == State.RUNNING && (c.health() == Health.HEALTHY || c.health() == Health.NONE);
  }

  /** Any address works from the host; the first network by name keeps the choice stable across passes. */
  private static Optional<String> address(ObservedContainer c) {
    return c.addresses().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
        .findFirst();
  }
}
