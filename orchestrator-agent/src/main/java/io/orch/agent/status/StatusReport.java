package io.orch.agent.status;

import io.orch.agent.state.StoredStack;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.StandingFailure;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.ServiceSpec;
import io.orch.core.plan.Plan;
import io.orch.core.plan.ServicePlanStatus;
import io.orch.core.restart.CrashLoop;
import io.orch.core.restart.RestartHistories;
import io.orch.core.restart.RestartRules;
import io.orch.core.rollout.RolloutPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one place a service's status is assembled: from one pass's inputs and plan (the published, immutable status of
 * a stack), for the labelled objects of a stack this agent does not hold, and for a submission no pass has seen yet.
 */
public final class StatusReport {
  private StatusReport() {}

  public static StackStatus of(StoredStack stored, ObservedState observed, Plan plan, RestartHistories restarts,
      ServiceErrors errors, Instant now) {
    String stack = stored.name();
    Map<String, List<ObservedContainer>> byService = observed.containers().stream()
        .filter(c -> c.service() != null)
        .collect(Collectors.groupingBy(ObservedContainer::service, TreeMap::new, Collectors.toList()));
    TreeSet<String> names = new TreeSet<>(byService.keySet());
    if (!stored.deleting()) {
      names.addAll(stored.stack().services().keySet());
    }
    List<ServiceStatus> services = new ArrayList<>();
    for (String service : names) {
      ServiceSpec spec = stored.deleting() ? null : stored.stack().service(service);
      List<ObservedContainer> containers = byService.getOrDefault(service, List.of());
      ServicePlanStatus planned = plan.services().get(service);
      services.add(service(stack, service, spec, containers, planned, restarts, errors, stored.deleting(),
          stored.generation(), now));
    }
    return new StackStatus(stack, stored.generation(), stored.submittedAt(), stored.deleting(), now, services);
  }

  public static StackStatus orphan(String stack, ObservedState observed, Instant now) {
    return orphan(stack, observed, now, "not in this agent's state: `orch down -p " + stack + "` removes it");
  }

  /** As {@link #orphan(String, ObservedState, Instant)}, with {@code note} saying why the agent leaves it alone. */
  public static StackStatus orphan(String stack, ObservedState observed, Instant now, String note) {
    Map<String, List<ObservedContainer>> byService = observed.containers().stream()
        .filter(c -> c.service() != null)
        .collect(Collectors.groupingBy(ObservedContainer::service, TreeMap::new, Collectors.toList()));
    List<ServiceStatus> services = new ArrayList<>();
    byService.forEach((service, containers) -> services.add(new ServiceStatus(stack, service,
        containers.get(0).image(), 0, (int) containers.stream().filter(ObservedContainer::running).count(),
        healthy(containers), false, 0, ServicePhase.UNMANAGED, null, null,
        List.of(note), containerStatuses(containers, RestartHistories.EMPTY, null), null)));
    return new StackStatus(stack, 0, null, false, now, services);
  }

  /**
   * A service submitted but not reconciled yet: the desired count with what the last pass saw ({@code previous}, if
   * the service had a status) or nothing running, converging.
   */
  public static ServiceStatus pending(String stack, ServiceSpec spec, Optional<ServiceStatus> previous) {
    if (previous.isPresent()) {
      ServiceStatus p = previous.get();
      return new ServiceStatus(stack, spec.name(), spec.image(), spec.replicas(), p.running(), p.healthy(),
          p.hasHealthcheck(), p.restarts(), ServicePhase.CONVERGING, p.backoffUntil(), p.lastError(), p.notes(),
          p.containers(), null, null, p.waits());
    }
    return new ServiceStatus(stack, spec.name(), spec.image(), spec.replicas(), 0, 0,
        spec.healthcheck() != null && !spec.healthcheck().disabled(), 0, ServicePhase.CONVERGING, null, null,
        List.of(), List.of(), null);
  }

  private static ServiceStatus service(String stack, String service, ServiceSpec spec,
      List<ObservedContainer> containers, ServicePlanStatus planned, RestartHistories restarts, ServiceErrors errors,
      boolean deleting, long generation, Instant now) {
    int desired = spec == null ? 0 : spec.replicas();
    boolean hasHealthcheck = spec != null && spec.healthcheck() != null && !spec.healthcheck().disabled();
    int running = (int) containers.stream().filter(ObservedContainer::running).count();
    int healthy = healthy(containers);
    long restartCount = containers.stream().mapToLong(c -> restarts.of(c).total()).sum();
    List<String> notes = planned == null ? List.of() : planned.notes();
    ServicePhase state = phase(spec, containers, planned, deleting, running, healthy, hasHealthcheck);
    List<String> unsettled = state == ServicePhase.RUNNING ? crashLooping(spec, containers, restarts, now) : List.of();
    if (!unsettled.isEmpty()) {
      // Up for the moment but restarted within its backoff's reset_after: a crash loop in its running half is not
      // "running" (nor a reason for `orch up` to say the stack is up, or to announce service.converged again).
      state = ServicePhase.CONVERGING;
      notes = new ArrayList<>(notes);
      notes.addAll(unsettled);
    }
    String lastError = errors.get(stack, service).orElse(planned == null ? null
        : planned.failed() ? planned.failure() : planned.errors().isEmpty() ? null : planned.errors().get(0));
    if (state == ServicePhase.RUNNING) {
      errors.clear(stack, service);
      lastError = null;
    }
    Optional<StandingFailure> standing = Optional.empty();
    if (!deleting && state != ServicePhase.RUNNING && state != ServicePhase.COMPLETED) {
      if (planned != null && planned.standing() != null) {
        // Kept until the cause is gone, not only while this pass sees it: a health check that cannot run is seen
        // on a replica's probes, and the replacement of an unhealthy replica has none yet.
        errors.recordStanding(stack, service, planned.standing(), generation);
      }
      standing = errors.standingFailure(stack, service, generation);
    }
    if (standing.isPresent()) {
      // Waiting cannot help: failed, with the cause, until the user fixes it (orch keeps retrying meanwhile).
      state = ServicePhase.FAILED;
      lastError = standing.get().message();
    }
    Optional<String> held = errors.standing(stack, service);
    if (held.isPresent()) {
      // Replicas up but the published port not served (ingress cannot bind it): degraded, not "running".
      lastError = held.get();
      state = state == ServicePhase.RUNNING ? ServicePhase.DEGRADED : state;
    }
    Instant backoffUntil = planned == null ? null : planned.backoffUntil();
    return new ServiceStatus(stack, service, spec == null ? imageOf(containers) : spec.image(), desired, running,
        healthy, hasHealthcheck, restartCount, state, backoffUntil, lastError, notes,
        containerStatuses(containers, restarts, planned), planned == null ? null : planned.rollout(),
        planned == null ? null : planned.rolloutState(), planned == null ? List.of() : planned.waits());
  }

  /** Replicas in a crash loop that have not yet run for the backoff's reset_after since: why, one line each. */
  private static List<String> crashLooping(ServiceSpec spec, List<ObservedContainer> containers,
      RestartHistories restarts, Instant now) {
    return containers.stream().flatMap(c -> RestartRules.crashLoop(spec, c, restarts.of(c), now).stream())
        .map(CrashLoop::text).toList();
  }

  private static ServicePhase phase(ServiceSpec spec, List<ObservedContainer> containers, ServicePlanStatus planned,
      boolean deleting, int running, int healthy, boolean hasHealthcheck) {
    int desired = spec == null ? 0 : spec.replicas();
    if (deleting || spec == null) {
      return ServicePhase.REMOVING;
    }
    if (planned != null && planned.failed()) {
      return ServicePhase.FAILED;
    }
    boolean allUp = running == desired && (!hasHealthcheck || healthy == desired) && containers.size() == desired;
    if (planned != null && planned.rolloutState() != null
        && planned.rolloutState().phase() == RolloutPhase.PAUSED) {
      return ServicePhase.PAUSED;
    }
    if (planned != null && planned.rollout() != null) {
      return ServicePhase.ROLLING_OUT;
    }
    if (allUp) {
      return ServicePhase.RUNNING;
    }
    if (completed(spec, containers)) {
      return ServicePhase.COMPLETED;
    }
    if (planned != null && planned.waitingOnDependencies()) {
      return ServicePhase.WAITING;
    }
    if (planned != null && planned.backoffUntil() != null) {
      return ServicePhase.BACKING_OFF;
    }
    return ServicePhase.CONVERGING;
  }

  /** A one-shot service (restart none/on-failure) whose replicas all exited 0 is done, not failing. */
  private static boolean completed(ServiceSpec spec, List<ObservedContainer> containers) {
    return !containers.isEmpty() && containers.size() == spec.replicas()
        && containers.stream().allMatch(c -> c.state() == ObservedContainer.State.EXITED
            && Integer.valueOf(0).equals(c.exitCode()))
        && !spec.restartPolicy().restarts(0);
  }

  private static int healthy(List<ObservedContainer> containers) {
    return (int) containers.stream()
        .filter(c -> c.running() && c.health() == ObservedContainer.Health.HEALTHY).count();
  }

  private static String imageOf(List<ObservedContainer> containers) {
    return containers.isEmpty() ? null : containers.get(0).image();
  }

  private static List<ContainerStatus> containerStatuses(List<ObservedContainer> containers,
      RestartHistories restarts, ServicePlanStatus planned) {
    return containers.stream().sorted(Comparator.comparingInt(ObservedContainer::slot))
        .map(c -> new ContainerStatus(c.name(), c.id(), c.slot(), c.state(), c.health(),
            restarts.of(c).total(), c.exitCode(), c.oomKilled(),
            c.startedAt(), planned == null ? null : planned.restartDue(c.name()).orElse(null), c.healthOutput(),
            c.ports(), planned == null ? null : planned.restartDecision(c.name()).orElse(null)))
        .toList();
  }
}
