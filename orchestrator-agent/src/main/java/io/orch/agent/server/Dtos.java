package io.orch.agent.server;

import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServiceStatus;
import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.core.rollout.RolloutState;
import io.orch.core.engine.ObservedContainer;
import java.util.Locale;

/** Converts the agent's status records to wire DTOs, at the edge. */
final class Dtos {
  private Dtos() {}

  static ServiceStatusDto service(ServiceStatus s) {
    return new ServiceStatusDto(s.stack(), s.service(), s.image(), s.desired(), s.running(), s.healthy(),
        (int) s.restarts(), ServiceStatusDto.State.valueOf(s.state().name()), s.backoffUntil(),
        s.lastError(), s.notes(), s.containers().stream().map(Dtos::container).toList(), rollout(s),
        rolloutState(s.rolloutState()));
  }

  static RolloutDto rolloutState(RolloutState r) {
    return r == null ? null : new RolloutDto(r.phase().wire(), r.updated(), r.total(), r.failures().size(),
        r.reason(), r.startedAt());
  }

  // The engine reports ExitCode 0 for a container that never exited; on the wire that is "no exit code yet".
  private static boolean exited(ObservedContainer.State state) {
    return state == ObservedContainer.State.EXITED || state == ObservedContainer.State.DEAD;
  }

  /**
   * "updating: 2 of 3 replicas outdated" while the planner replaces replicas whose spec hash is stale (a changed
   * spec, a restart, a rollback); null otherwise.
   */
  static String rollout(ServiceStatus s) {
    return s.rollout() == null ? null : "updating: " + s.rollout().describe();
  }

  static ContainerDto container(ContainerStatus c) {
    String health = c.health() == ObservedContainer.Health.NONE ? null : c.health().name().toLowerCase(Locale.ROOT);
    return new ContainerDto(c.name(), c.id(), c.slot(), c.state().name().toLowerCase(Locale.ROOT), health,
        c.restarts(), exited(c.state()) ? c.exitCode() : null, c.oomKilled(), c.startedAt());
  }
}
