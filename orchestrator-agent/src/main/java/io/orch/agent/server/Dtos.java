package io.orch.agent.server;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.status.ContainerStatus;
import io.orch.api.dto.AutoscaleStatusDto;
import io.orch.core.autoscale.MetricReading;
import io.orch.core.model.Autoscale;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackPhase;
import io.orch.agent.view.StatusView;
import io.orch.api.dto.DependencyWaitDto;
import io.orch.api.dto.RestartDto;
import io.orch.api.dto.StackDto;
import io.orch.core.plan.DependencyWait;
import io.orch.core.restart.RestartDecision;
import java.time.Instant;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.PortDto;
import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.ServiceTopologyDto;
import io.orch.core.rollout.RolloutState;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.PortSpec;
import io.orch.core.model.Stack;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Converts the agent's status records to wire DTOs, at the edge. */
final class Dtos {
  private Dtos() {}

  static ServiceStatusDto service(ServiceStatus s) {
    return new ServiceStatusDto(s.stack(), s.service(), s.image(), s.desired(), s.running(), s.healthy(),
        (int) s.restarts(), ServiceStatusDto.State.valueOf(s.state().name()), s.backoffUntil(),
        s.lastError(), s.notes(), s.containers().stream().map(Dtos::container).toList(), rollout(s),
        rolloutState(s.rolloutState()), null, s.waits().stream().map(Dtos::waitFor).toList());
  }

  /** A service with the host ports orch's ingress holds added to each replica's, and its autoscaler's state. */
  static ServiceStatusDto service(StatusView.ServiceView v) {
    ServiceStatusDto plain = service(v.status());
    List<PortDto> held = v.ingress().stream()
        .map(r -> new PortDto(r.hostIp(), r.hostPort(), r.targetPort(), "tcp", true)).toList();
    ServiceStatusDto dto = held.isEmpty() ? plain
        : plain.withContainers(plain.containers().stream().map(c -> c.withMorePorts(held)).toList());
    return v.autoscale().map(a -> dto.withAutoscale(autoscale(a))).orElse(dto);
  }

  static StackSummaryDto summary(StatusView.StackSummary s) {
    return s.phase() == StackPhase.UNREADABLE
        ? new StackSummaryDto(s.name(), s.services(), s.desired(), s.running(), status(s.phase()), s.problem())
        : new StackSummaryDto(s.name(), s.services(), s.desired(), s.running(), status(s.phase()), s.problem(),
            s.autoscaled().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> autoscale(e.getValue()))));
  }

  static StackSummaryDto.Status status(StackPhase phase) {
    return StackSummaryDto.Status.valueOf(phase.name());
  }

  static DependencyWaitDto waitFor(DependencyWait w) {
    return new DependencyWaitDto(w.service(), w.condition() == null ? null : w.condition().yaml());
  }

  /** A replica's restart decision with its own words; {@code due} is when a waiting restart is due. */
  static RestartDto restart(RestartDecision d, Instant due) {
    return new RestartDto(RestartDto.Decision.valueOf(d.kind().name()), RestartDto.Reason.valueOf(d.reason().name()),
        d.exitCode(), d.number(), d.kind() == RestartDecision.Kind.WAIT ? due : null, d.cause());
  }

  static StackDto stack(StatusView.StackView s) {
    return new StackDto(s.name(), s.submittedAt(), s.generation(), s.services().stream().map(Dtos::service).toList(),
        s.deleting(), s.problem(), s.observedGeneration(), s.stack().map(Dtos::topology).orElse(List.of()),
        List.copyOf(s.profiles()));
  }

  static RolloutDto rolloutState(RolloutState r) {
    return r == null ? null : new RolloutDto(RolloutDto.Phase.valueOf(r.phase().name()), r.updated(), r.total(), r.failures().size(),
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

  /** The file's wiring of each service (ports, depends_on), for the web page's start order and port column. */
  static List<ServiceTopologyDto> topology(Stack stack) {
    return stack.services().values().stream().map(s -> new ServiceTopologyDto(s.name(),
        s.ports().stream().map(Dtos::port).toList(),
        s.dependsOn().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
            e -> e.getValue().condition().yaml())))).toList();
  }

  /** As {@code docker ps} writes a port: {@code 127.0.0.1:8080->80/tcp}; {@code 80/tcp} when the engine picks one. */
  static String port(PortSpec p) {
    String target = p.target() + "/" + p.protocol();
    if (p.published() == null) {
      return target;
    }
    String host = (p.hostIp() == null ? "" : p.hostIp() + ":") + p.published()
        + (p.isHostRange() ? "-" + p.publishedEnd() : "");
    return host + "->" + target;
  }

  /** Every metric of the rule with its target; the utilisation where the last decision measured it. */
  static AutoscaleStatusDto autoscale(Autoscaling.View v) {
    List<AutoscaleStatusDto.Metric> metrics = new java.util.ArrayList<>();
    for (Autoscale.Metric m : v.rule().metrics()) {
      java.util.Optional<MetricReading> r = v.last() == null ? java.util.Optional.empty()
          : v.last().readings().stream().filter(x -> x.metric() == m).findFirst();
      metrics.add(new AutoscaleStatusDto.Metric(m.yaml(), r.map(MetricReading::utilisation).orElse(null),
          v.rule().target(m) / 100.0, r.map(MetricReading::averaged).orElse(0)));
    }
    return new AutoscaleStatusDto(v.rule().min(), v.rule().max(), v.pinned(), v.replicas(),
        v.last() == null ? null : v.last().recommended(), metrics, v.last() == null ? null : v.last().reason(),
        v.last() == null ? null : v.last().at());
  }

  static ContainerDto container(ContainerStatus c) {
    String health = c.health() == ObservedContainer.Health.NONE ? null : c.health().name().toLowerCase(Locale.ROOT);
    return new ContainerDto(c.name(), c.id(), c.slot(), c.state().name().toLowerCase(Locale.ROOT), health,
        c.restarts(), exited(c.state()) ? c.exitCode() : null, c.oomKilled(), c.startedAt(),
        c.health() == ObservedContainer.Health.NONE ? null : c.healthOutput(),
        c.ports().stream().map(p -> new PortDto(p.hostIp(), p.hostPort(), p.containerPort(), p.protocol(), false))
            .toList(), c.restart() == null ? null : restart(c.restart(), c.restartDue()));
  }

}
