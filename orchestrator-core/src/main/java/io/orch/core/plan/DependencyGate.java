package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.Dependency;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compose's depends_on conditions as a gate on creating and starting a service's containers. Dependencies of
 * dependencies need no graph walk: each pass opens the gate of whatever is ready, and later passes follow.
 */
final class DependencyGate {
  private DependencyGate() {}

  /** The conditions the service still waits for, in the file's order; empty when it may start. */
  static List<DependencyWait> waitingFor(ServiceSpec service, Stack stack, ObservedStack observed) {
    List<DependencyWait> waiting = new ArrayList<>();
    for (Map.Entry<String, Dependency> entry : service.dependsOn().entrySet()) {
      String name = entry.getKey();
      Dependency dependency = entry.getValue();
      ServiceSpec target = stack.service(name);
      if (target == null) {
        // A dependency that is not required may be absent (e.g. left out by a profile); Compose then carries on.
        if (dependency.required()) {
          waiting.add(new DependencyWait(name, null));
        }
        continue;
      }
      if (!satisfied(dependency.condition(), target, observed.containersOf(name))) {
        waiting.add(new DependencyWait(name, dependency.condition()));
      }
    }
    return waiting;
  }

  private static boolean satisfied(Dependency.Condition condition, ServiceSpec target, List<ObservedContainer> all) {
    int replicas = target.replicas();
    long good = all.stream()
        .filter(c -> c.slot() >= 1 && c.slot() <= replicas)
        .filter(c -> switch (condition) {
          case SERVICE_STARTED -> c.running();
          case SERVICE_HEALTHY -> c.running() && healthy(c, target);
          case SERVICE_COMPLETED_SUCCESSFULLY ->
              c.state() == ObservedContainer.State.EXITED && Integer.valueOf(0).equals(c.exitCode());
        })
        .mapToInt(ObservedContainer::slot)
        .distinct()
        .count();
    return good >= replicas;
  }

  // Compose refuses service_healthy on a dependency without a health check; orch accepts it and settles for running.
  private static boolean healthy(ObservedContainer c, ServiceSpec target) {
    boolean checked = target.healthcheck() != null && !target.healthcheck().disabled();
    return c.health() == ObservedContainer.Health.HEALTHY
        || (!checked && c.health() == ObservedContainer.Health.NONE);
  }
}
