package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves {@code service:X} in network_mode, ipc, pid and volumes_from to {@code container:<id>} of X's first
 * replica, as Compose does. The id then is part of the dependent's spec hash: when X's container is replaced, the
 * dependent's namespace or volumes point at a container that is gone, and the changed hash recreates it, as Compose
 * recreates dependents. Until X has a container the reference stays {@code service:X}; the implicit depends_on the
 * loader added holds the dependent back meanwhile.
 */
final class SharedNamespaces {
  private static final String SERVICE = "service:";

  private SharedNamespaces() {}

  static Stack resolve(Stack desired, ObservedStack observed) {
    boolean any = desired.services().values().stream().anyMatch(SharedNamespaces::sharesWithAService);
    if (!any) {
      return desired;
    }
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    desired.services().forEach((name, s) -> services.put(name, sharesWithAService(s) ? resolve(s, observed) : s));
    return new Stack(desired.name(), services, desired.networks(), desired.volumes());
  }

  private static boolean sharesWithAService(ServiceSpec s) {
    return isService(s.networkMode()) || isService(s.ipc()) || isService(s.pid())
        || s.volumesFrom().stream().anyMatch(SharedNamespaces::isService);
  }

  private static boolean isService(String mode) {
    return mode != null && mode.startsWith(SERVICE);
  }

  private static ServiceSpec resolve(ServiceSpec s, ObservedStack observed) {
    List<String> volumesFrom = new ArrayList<>();
    for (String entry : s.volumesFrom()) {
      if (!isService(entry)) {
        volumesFrom.add(entry);
        continue;
      }
      String rest = entry.substring(SERVICE.length());
      int colon = rest.indexOf(':');
      String service = colon < 0 ? rest : rest.substring(0, colon);
      String access = colon < 0 ? "" : rest.substring(colon);
      volumesFrom.add(firstContainer(service, observed).map(id -> "container:" + id + access).orElse(entry));
    }
    return s.toBuilder()
        .networkMode(resolve(s.networkMode(), observed))
        .ipc(resolve(s.ipc(), observed))
        .pid(resolve(s.pid(), observed))
        .volumesFrom(volumesFrom)
        .build();
  }

  private static String resolve(String mode, ObservedStack observed) {
    if (!isService(mode)) {
      return mode;
    }
    return firstContainer(mode.substring(SERVICE.length()), observed).map(id -> "container:" + id).orElse(mode);
  }

  /** The container of X's lowest slot, a running one first (during a start-first update two share a slot). */
  private static Optional<String> firstContainer(String service, ObservedStack observed) {
    return observed.containersOf(service).stream()
        .filter(c -> c.slot() >= 1)
        .min(Comparator.comparingInt(ObservedContainer::slot)
            .thenComparing(c -> !c.running())
            .thenComparing(ObservedContainer::name))
        .map(ObservedContainer::id);
  }
}
