package io.orch.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.orch.agent.docker.EngineCallListener;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.agent.reconcile.ReconcileListener;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.api.server.RequestListener;
import io.orch.core.engine.EngineEvent;
import io.orch.core.restart.RestartReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code orch_*} metrics (DESIGN.md "Metrics"): replica gauges and per-slot backoff from the {@link StatusBoard},
 * restarts from the agent's events, reconcile passes, engine calls and events, and API requests. Every label value is
 * bounded (stack, service, slot, reason, result, operation, type, method, route, status): never a container id, an
 * image or an error text.
 */
public final class OrchMetrics
    implements MeterBinder, AgentEvents, ReconcileListener, EngineCallListener, RequestListener {
  /** Bucket bounds for every timer, so Prometheus gets {@code _bucket} series for histogram_quantile. */
  static final Duration[] LATENCY_BUCKETS = Arrays.stream(new long[] {
      1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000})
      .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

  /** Docker's event actions; anything else is counted as {@code other} so the {@code type} label stays bounded. */
  private static final Set<String> ENGINE_ACTIONS = Set.of(
      "attach", "commit", "connect", "copy", "create", "destroy", "detach", "die", "disconnect", "exec_create",
      "exec_detach", "exec_die", "exec_start", "export", "health_status", "kill", "mount", "oom", "pause", "prune",
      "remove", "rename", "resize", "restart", "start", "stop", "top", "unmount", "unpause", "update");
  private static final Set<String> RESTART_REASONS =
      Arrays.stream(RestartReason.values()).map(RestartReason::label).collect(java.util.stream.Collectors.toSet());
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final StatusBoard board;
  private final Function<String, Optional<Instant>> backoffUntil;
  private final String version;
  private final Clock clock;

  private volatile MeterRegistry registry;
  private MultiGauge desired;
  private MultiGauge running;
  private MultiGauge healthy;
  private MultiGauge backoff;
  private Timer reconcileDuration;
  private final Map<ReconcileListener.Result, Counter> reconcileResults = new java.util.EnumMap<>(
      ReconcileListener.Result.class);

  public OrchMetrics(StatusBoard board, String version) {
    this(board, name -> restartDue(board, name), version, Clock.systemUTC());
  }

  /** When the replica named {@code container} is due to restart, as the last pass published it. */
  private static Optional<Instant> restartDue(StatusBoard board, String container) {
    return board.all().stream().flatMap(s -> s.services().stream()).flatMap(s -> s.containers().stream())
        .filter(c -> c.name().equals(container) && c.restartDue() != null).map(ContainerStatus::restartDue)
        .findFirst();
  }

  /** For tests: the backoff source by container name and the clock the remaining wait is measured with. */
  OrchMetrics(StatusBoard board, Function<String, Optional<Instant>> backoffUntil, String version, Clock clock) {
    this.board = board;
    this.backoffUntil = backoffUntil;
    this.version = version;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    desired = MultiGauge.builder("orch.service.replicas.desired")
        .description("Replicas the stack file declares for the service").register(registry);
    running = MultiGauge.builder("orch.service.replicas.running")
        .description("Replicas of the service whose container is running").register(registry);
    healthy = MultiGauge.builder("orch.service.replicas.healthy")
        .description("Running replicas of the service whose health check passes").register(registry);
    backoff = MultiGauge.builder("orch.container.backoff").baseUnit("seconds")
        .description("Time left before the replica in this slot is restarted (0 when it is not waiting)")
        .register(registry);
    reconcileDuration = timer("orch.reconcile.duration", "Time one reconcile pass of one stack took")
        .register(registry);
    for (ReconcileListener.Result result : ReconcileListener.Result.values()) {
      // Registered up front so a stalled loop shows as a flat series rather than a missing one.
      reconcileResults.put(result, Counter.builder("orch.reconcile")
          .description("Reconcile passes by result: success, retry (engine unavailable) or error")
          .tag("result", result.label()).register(registry));
    }
    Gauge.builder("orch.build.info", () -> 1).description("The orch agent's version")
        .tag("version", version).strongReference(true).register(registry);
    this.registry = registry;
    refresh();
  }

  // ------------------------------------------------------------------ status board: replica and backoff gauges

  /** Rebuilds the gauges from the board; rows of services and stacks that are gone are dropped (overwrite=true). */
  synchronized void refresh() {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Set<List<String>> services = new java.util.HashSet<>();
    List<MultiGauge.Row<?>> desiredRows = new ArrayList<>();
    List<MultiGauge.Row<?>> runningRows = new ArrayList<>();
    List<MultiGauge.Row<?>> healthyRows = new ArrayList<>();
    List<MultiGauge.Row<?>> backoffRows = new ArrayList<>();
    for (StackStatus stack : board.all()) {
      for (ServiceStatus s : stack.services()) {
        Tags tags = Tags.of("stack", s.stack(), "service", s.service());
        services.add(List.of(s.stack(), s.service()));
        desiredRows.add(MultiGauge.Row.of(tags, s.desired()));
        runningRows.add(MultiGauge.Row.of(tags, s.running()));
        healthyRows.add(MultiGauge.Row.of(tags, s.healthy()));
        // During a replacement two containers can share a slot; one row per slot keeps the series unique.
        Map<Integer, String> bySlot = new TreeMap<>();
        for (ContainerStatus c : s.containers()) {
          bySlot.putIfAbsent(c.slot(), c.name());
        }
        bySlot.forEach((slot, name) -> backoffRows.add(
            MultiGauge.Row.of(tags.and("slot", Integer.toString(slot)), () -> secondsUntilRestart(name))));
      }
    }
    desired.register(desiredRows, true);
    running.register(runningRows, true);
    healthy.register(healthyRows, true);
    backoff.register(backoffRows, true);
    syncCounters(r, services);
  }

  /** Measured at scrape time, so the wait counts down between passes. */
  private double secondsUntilRestart(String containerName) {
    return backoffUntil.apply(containerName)
        .map(until -> Math.max(0, Duration.between(clock.instant(), until).toMillis() / 1000.0))
        .orElse(0.0);
  }

  // ------------------------------------------------------------------ agent events: restarts

  @Override
  public void emit(AgentEvent event) {
    MeterRegistry r = registry;
    if (r != null && event.type() == EventType.CONTAINER_RESTARTED && event.stack() != null) {
      restarts(r, event.stack(), String.valueOf(event.service()),
          RESTART_REASONS.contains(event.reason()) ? event.reason() : "other").increment();
    }
    if (event.stack() != null && event.service() != null && (event.type() == EventType.ROLLOUT_COMPLETED
        || event.type() == EventType.ROLLOUT_PAUSED || event.type() == EventType.ROLLOUT_ROLLED_BACK)) {
      // The rollout events carry the bounded result word (completed, paused, rolled_back) as their reason.
      rolloutFinished(event.stack(), event.service(), event.reason());
    }
  }

  private static Counter restarts(MeterRegistry r, String stack, String service, String reason) {
    return Counter.builder("orch.container.restarts")
        .description("Restarts of a service's replicas by reason: exit, unhealthy or oom")
        .tags("stack", stack, "service", service, "reason", reason).register(r);
  }

  /**
   * Restart counters exist at 0 from a service's first pass, so {@code increase()} sees its first restart; those of
   * services and stacks no longer on the board are dropped, since stacks come and go while the agent stays.
   */
  private void syncCounters(MeterRegistry r, Set<List<String>> services) {
    for (List<String> s : services) {
      for (String reason : RESTART_REASONS) {
        restarts(r, s.get(0), s.get(1), reason);
      }
    }
    List<Meter> gone = new ArrayList<>();
    for (String name : List.of("orch.container.restarts", "orch.rollouts")) {
      for (Meter m : r.find(name).meters()) {
        if (!services.contains(List.of(m.getId().getTag("stack"), m.getId().getTag("service")))) {
          gone.add(m);
        }
      }
    }
    gone.forEach(r::remove);
  }

  /** Counts a finished rollout; result is a bounded word such as {@code completed} or {@code rolled_back}. */
  public void rolloutFinished(String stack, String service, String result) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("orch.rollouts").description("Finished rollouts of a service by result")
          .tags("stack", stack, "service", service, "result", result).register(r).increment();
    }
  }

  // ------------------------------------------------------------------ reconcile loop

  @Override
  public void passFinished(String stack, Duration took, Result result) {
    if (registry == null) {
      return;
    }
    reconcileDuration.record(took);
    reconcileResults.get(result).increment();
    refresh();
  }

  @Override
  public void engineEvent(EngineEvent event) {
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder("orch.engine.events")
          .description("Engine events about orch-managed objects, by action (die, start, health_status, oom, ...)")
          .tag("type", actionFamily(event.action())).register(r).increment();
    }
  }

  /** "health_status: unhealthy" and "exec_start: rm /tmp/x" carry free text after the colon. */
  static String actionFamily(String action) {
    if (action == null) {
      return "other";
    }
    int colon = action.indexOf(':');
    String family = (colon < 0 ? action : action.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    return ENGINE_ACTIONS.contains(family) ? family : "other";
  }

  // ------------------------------------------------------------------ engine calls, API requests

  @Override
  public void onCall(String operation, Duration took, boolean ok) {
    MeterRegistry r = registry;
    if (r != null) {
      timer("orch.engine.request.duration", "Docker Engine API calls by operation")
          .tag("operation", operation).register(r).record(took);
    }
  }

  @Override
  public void onRequest(String method, String route, int status, Duration duration) {
    MeterRegistry r = registry;
    if (r != null) {
      timer("orch.http.request.duration", "Requests to the agent's HTTP API by method, route template and status")
          .tags("method", HTTP_METHODS.contains(method) ? method : "other", "route", route,
              "status", Integer.toString(status))
          .register(r).record(duration);
    }
  }

  private static Timer.Builder timer(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS);
  }
}
