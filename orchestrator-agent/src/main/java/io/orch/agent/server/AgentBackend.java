package io.orch.agent.server;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.agent.logs.ServiceLogs;
import io.orch.agent.reconcile.ReconcileLoop;
import io.orch.agent.reconcile.StackObserver;
import io.orch.agent.reconcile.StackReconciler;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StateWriteException;
import io.orch.agent.state.StoredStack;
import io.orch.agent.state.UnreadableStack;
import io.orch.agent.status.Readiness;
import io.orch.agent.status.ServicePhase;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.api.dto.AutoscaleStatusDto;
import io.orch.api.dto.DiagnosticDto;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.LogLineDto;
import io.orch.api.dto.ManagedContainerDto;
import io.orch.api.dto.PortDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.SubmitResultDto;
import io.orch.api.server.ApiException;
import io.orch.api.server.EventSource;
import io.orch.api.server.LogLineSink;
import io.orch.api.server.OrchBackend;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineInfo;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.load.Diagnostic;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Orphans;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.Labels;
import io.orch.core.plan.PlanPreview;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The agent's side of the HTTP API. Writes go to the state store and wake the reconcile loop; reads come from the
 * status board the loop publishes, never from the engine (dry-run plans excepted: they observe on purpose).
 */
public final class AgentBackend implements OrchBackend {
  private final StateStore store;
  private final StatusBoard board;
  private final ReconcileLoop loop;
  private final EngineView engine;
  private final StackObserver observer;
  private final StackReconciler reconciler;
  private final AgentEvents events;
  private final Clock clock;
  private final String version;
  private final Instant startedAt;
  private final EventSource eventSource;
  private final ReplicaLimit replicaLimit;
  private final Supplier<Optional<String>> engineProblem;
  private final Autoscaling autoscaling;
  private final ServiceLogs logs;
  private volatile EngineInfo engineInfo;

  /**
   * {@code eventSource} serves {@code GET /v1/events} (the agent's {@code EventHub}); {@code replicaLimit} bounds
   * submitted stacks and scale requests alike; {@code engineProblem} is the engine watchdog's finding (why the engine
   * is not answering), which keeps the agent unready.
   */
  public AgentBackend(StateStore store, StatusBoard board, ReconcileLoop loop, EngineView engine,
      StackObserver observer, StackReconciler reconciler, AgentEvents events, Clock clock, String version,
      EventSource eventSource, ReplicaLimit replicaLimit, Supplier<Optional<String>> engineProblem) {
    this(store, board, loop, engine, observer, reconciler, events, clock, version, eventSource, replicaLimit,
        engineProblem, Autoscaling.inMemory());
  }

  /** As above; {@code autoscaling} is the reconciler's, for the status of autoscaled services and pins. */
  public AgentBackend(StateStore store, StatusBoard board, ReconcileLoop loop, EngineView engine,
      StackObserver observer, StackReconciler reconciler, AgentEvents events, Clock clock, String version,
      EventSource eventSource, ReplicaLimit replicaLimit, Supplier<Optional<String>> engineProblem,
      Autoscaling autoscaling) {
    this.autoscaling = autoscaling;
    this.engineProblem = engineProblem;
    this.eventSource = eventSource;
    this.replicaLimit = replicaLimit;
    this.store = store;
    this.board = board;
    this.loop = loop;
    this.engine = engine;
    this.observer = observer;
    this.reconciler = reconciler;
    this.events = events;
    this.clock = clock;
    this.version = version;
    this.startedAt = clock.instant();
    this.logs = new ServiceLogs(engine, observer.informer());
  }

  @Override
  public SubmitResultDto submit(String stackName, byte[] body, String contentType, boolean dryRun) {
    return submit(stackName, body, contentType, dryRun, false);
  }

  @Override
  public SubmitResultDto submit(String stackName, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans) {
    return submit(stackName, body, contentType, dryRun, removeOrphans, Set.of());
  }

  @Override
  public synchronized SubmitResultDto submit(String stackName, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans, Set<String> profiles) {
    String text = new String(body, StandardCharsets.UTF_8);
    // The agent's own environment is not the user's: interpolation happened in the CLI, which sends `$$`-escaped
    // normalized YAML and names the active profiles. A curl user sending ${VAR} gets the agent's environment, as
    // documented.
    LoadResult result = StackLoader.forSubmissions(System.getenv(), replicaLimit)
        .loadText(text, "request body", null, stackName, profiles);
    if (!result.ok()) {
      List<DiagnosticDto> diagnostics = result.diagnostics().stream().map(DiagnosticDto::from).toList();
      if (result.errors().stream().anyMatch(d -> d.kind() == Diagnostic.Kind.BAD_INPUT)) {
        // E.g. a NUL in an image name: refused here, before it reaches an engine call and comes back as a 503.
        throw ApiException.badRequest("the body holds characters a stack cannot contain", diagnostics);
      }
      if (result.errors().stream().anyMatch(AgentBackend::unparsable)) {
        // Not YAML (nor JSON) at all is bad input, not an invalid stack; the diagnostic still says where.
        throw ApiException.badRequest("the body is not valid YAML or JSON", diagnostics);
      }
      throw ApiException.invalidStack("the stack has " + result.errors().size() + " error(s)", diagnostics);
    }
    Stack submitted = result.stack();
    if (!submitted.name().equals(stackName)) {
      throw ApiException.invalidStack("the file says name: " + submitted.name() + " but the path names stack "
          + stackName + "; send it to /v1/stacks/" + submitted.name() + " or change its name: key",
          List.of(new DiagnosticDto("request body", result.locationOf("name").map(l -> l.line()).orElse(0),
              result.locationOf("name").map(l -> l.column()).orElse(0), "name",
              "differs from the stack name in the path (" + stackName + ")", "remove name: or make them equal",
              "error")));
    }
    List<String> warnings = result.warnings().stream().map(Diagnostic::toString).toList();
    Optional<StoredStack> existing = store.get(stackName);
    // Compose keeps orphans: services the file no longer has keep running with their stored spec unless asked. A stack
    // being deleted has nothing left to keep.
    // A service the active profiles disable (started by an earlier --profile) is not an orphan: kept as it is.
    Orphans.Kept kept = Orphans.keep(submitted, existing.filter(s -> !s.deleting()).map(StoredStack::stack)
        .orElse(null), result.activeProfiles(), removeOrphans);
    Stack stack = kept.stack();
    boolean changed = existing.map(s -> s.deleting() || !s.stack().equals(stack)
        || !s.profiles().equals(result.activeProfiles())).orElse(true);
    Instant now = clock.instant();
    StoredStack next = existing.map(s -> s.withStack(stack, now)).orElse(new StoredStack(stack, 1, now, false, false))
        .withProfiles(result.activeProfiles());
    PlanPreview preview = preview(stackName, next.desired());
    if (!dryRun && !changed && existing.get().hasPausedRollout()) {
      // The same file again resumes a paused rollout (as `docker service update` does after a pause).
      save(existing.get().resumed(now));
      events.emit(new AgentEvent(now, EventType.STACK_SUBMITTED, stackName, null, null, null, null,
          "stack unchanged: paused rollouts resume"));
    }
    if (!dryRun && changed) {
      save(next);
      events.emit(new AgentEvent(now, EventType.STACK_SUBMITTED, stackName, null, null, null, null,
          existing.isPresent() ? "stack updated" : "stack submitted"));
    }
    if (!dryRun) {
      // The file's autoscale blocks are what the user asks for now, even when the file itself did not change.
      autoscaling.clearPins(stackName);
      // Submitting again is how a user retries a service that exhausted max_attempts.
      board.get(stackName).ifPresent(status -> status.services().stream()
          .filter(x -> x.state() == ServicePhase.FAILED)
          .forEach(x -> reconciler.resetRestarts(stackName, x.service())));
      loop.enqueue(stackName);
    }
    return new SubmitResultDto(stackName, changed, preview.actionLines(), warnings, kept.services(), preview.lines());
  }

  /** Stores or answers 507: a state dir that refuses the write leaves the stack as it was, and nothing is announced. */
  private void save(StoredStack stack) {
    try {
      store.put(stack);
    } catch (StateWriteException e) {
      throw ApiException.insufficientStorage(e.getMessage() + "; stack " + stack.name() + " is unchanged");
    }
  }

  private PlanPreview preview(String stackName, Stack stack) {
    try {
      return reconciler.preview(stackName, stack);
    } catch (EngineException e) {
      throw engineFailure(e);
    }
  }

  /** 503 only when the engine does not answer; an engine that refuses a request made for this stack is a 422. */
  private static ApiException engineFailure(EngineException e) {
    if (e instanceof EngineException.Unavailable) {
      return ApiException.unavailable("the Docker Engine does not answer: " + e.getMessage());
    }
    return ApiException.unprocessable("the Docker Engine refused a request made for this stack: " + e.getMessage(),
        List.of());
  }

  @Override
  public List<StackSummaryDto> stacks() {
    List<StackSummaryDto> stacks = new ArrayList<>(board.all().stream().map(s -> {
      int desired = s.services().stream().mapToInt(ServiceStatus::desired).sum();
      int running = s.services().stream().mapToInt(ServiceStatus::running).sum();
      Optional<UnreadableStack> unreadable = store.unreadable(s.name());
      return unreadable.isPresent()
          ? new StackSummaryDto(s.name(), s.services().size(), desired, running, UNREADABLE, problem(unreadable.get()))
          : new StackSummaryDto(s.name(), s.services().size(), desired, running, stackState(s), null,
              autoscaled(s.name()));
    }).toList());
    // An unreadable stack without containers is on no board: it still must show, or nobody learns of the file.
    store.unreadable().stream().filter(u -> board.get(u.name()).isEmpty())
        .forEach(u -> stacks.add(new StackSummaryDto(u.name(), 0, 0, 0, UNREADABLE, problem(u))));
    stacks.sort(Comparator.comparing(StackSummaryDto::name));
    return stacks;
  }

  /** The autoscaled services of a stored, not deleting stack, by name, as {@link #withAutoscale} shows each. */
  private Map<String, AutoscaleStatusDto> autoscaled(String stack) {
    Map<String, AutoscaleStatusDto> byService = new TreeMap<>();
    store.get(stack).filter(s -> !s.deleting()).ifPresent(stored -> stored.stack().services().values()
        .forEach(spec -> autoscaling.view(stack, spec).ifPresent(v -> byService.put(spec.name(), Dtos.autoscale(v)))));
    return byService;
  }

  private static String problem(UnreadableStack u) {
    return "the stored file " + u.file() + " " + u.reason() + "; its containers are left alone: submit the stack "
        + "again to replace the file";
  }

  /** {@code GET /v1/stacks} status of a stack whose stored file cannot be read. */
  static final String UNREADABLE = "unreadable";

  private static String stackState(StackStatus s) {
    if (s.deleting()) {
      return "removing";
    }
    if (s.services().stream().anyMatch(x -> x.state() == ServicePhase.FAILED)) {
      return "failed";
    }
    if (s.services().stream().anyMatch(x -> x.state() == ServicePhase.PAUSED)) {
      return "paused";
    }
    if (s.services().stream().anyMatch(x -> x.state() == ServicePhase.ROLLING_OUT)) {
      return "rolling_out";
    }
    if (s.services().stream().anyMatch(x -> x.state() == ServicePhase.UNMANAGED)) {
      return "unmanaged";
    }
    if (s.services().stream().anyMatch(x -> x.state() == ServicePhase.DEGRADED)) {
      return "degraded";
    }
    return s.converged() ? "running" : "converging";
  }

  @Override
  public Optional<StackDto> stack(String name) {
    Optional<StackStatus> status = board.get(name);
    Optional<StoredStack> stored = store.get(name);
    Optional<UnreadableStack> unreadable = store.unreadable(name);
    if (status.isEmpty() && stored.isEmpty() && unreadable.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StackDto(name, stored.map(StoredStack::submittedAt).orElse(null),
        stored.map(StoredStack::generation).orElse(0L), services(name),
        stored.map(StoredStack::deleting).orElse(false), unreadable.map(AgentBackend::problem).orElse(null),
        status.map(StackStatus::generation).orElse(0L),
        stored.map(s -> Dtos.topology(s.stack())).orElse(List.of()),
        stored.map(s -> List.copyOf(s.profiles())).orElse(List.of())));
  }

  @Override
  public synchronized void delete(String name, boolean removeVolumes) {
    Optional<StoredStack> stored = store.get(name);
    Optional<UnreadableStack> unreadable = store.unreadable(name);
    if (unreadable.isPresent()) {
      // What the file asked for is unknown (volumes too?): removing on a guess could lose data.
      throw ApiException.conflict("stack " + name + " cannot be removed: " + problem(unreadable.get())
          + ", then remove it; or delete the file and restart the agent, after which `orch down -p " + name
          + "` removes its containers");
    }
    if (stored.isPresent()) {
      try {
        store.markForRemoval(name, removeVolumes); // needs no free space: a full state dir must not block removal
      } catch (StateWriteException e) {
        throw ApiException.insufficientStorage(e.getMessage() + "; stack " + name + " is unchanged");
      }
    } else if (board.get(name).isPresent() || removeVolumes && hasLeftVolumes(name)) {
      // Labelled objects this agent does not have in its state (e.g. a lost state dir, or the volumes an earlier
      // plain `down` kept): removal is an explicit ask, and the planner touches only what carries this stack's label.
      save(new StoredStack(new Stack(name, Map.of(), Map.of(), Map.of()), 1, clock.instant(), true,
          removeVolumes));
    } else {
      throw ApiException.notFound("no stack named " + name + (leftVolumesHint(name) ? "; named volumes an earlier"
          + " removal kept are left: remove them with volumes=true (orch down --volumes -p " + name + ")" : ""));
    }
    events.emit(new AgentEvent(clock.instant(), EventType.STACK_REMOVING, name, null, null, null, null,
        "removal requested" + (removeVolumes ? " (with volumes)" : "")));
    loop.enqueue(name);
  }

  /** Whether the engine still holds managed volumes labelled with this stack. */
  private boolean hasLeftVolumes(String name) {
    try {
      return !observer.observe(name, null).volumes().isEmpty();
    } catch (EngineException e) {
      throw engineFailure(e);
    }
  }

  /** The same question for a hint only: an engine that does not answer must not turn a 404 into a 503. */
  private boolean leftVolumesHint(String name) {
    try {
      return hasLeftVolumes(name);
    } catch (ApiException e) {
      return false;
    }
  }

  @Override
  public List<ServiceStatusDto> services(String stack) {
    Optional<StackStatus> status = board.get(stack);
    Optional<StoredStack> stored = store.get(stack);
    if (status.isEmpty() && stored.isEmpty()) {
      if (store.unreadable(stack).isPresent()) {
        return List.of(); // no containers, and its services are in the file that cannot be read
      }
      throw ApiException.notFound("no stack named " + stack);
    }
    if (status.isPresent() && stored.map(s -> s.generation() <= status.get().generation()).orElse(true)) {
      return status.get().services().stream().map(s -> withIngressPorts(stored, withAutoscale(stored, Dtos.service(s))))
          .toList();
    }
    // Submitted but not reconciled yet: report the desired counts with nothing running.
    return autoscaling.effective(stack, stored.get().stack()).services().values().stream()
        .map(spec -> withAutoscale(stored, pending(stack, spec, status))).toList();
  }

  /** Each replica with the host ports orch's ingress holds for its service (the engine publishes none of those). */
  private static ServiceStatusDto withIngressPorts(Optional<StoredStack> stored, ServiceStatusDto dto) {
    List<PortDto> held = stored.filter(s -> !s.deleting()).map(s -> Dtos.ingressPorts(s.stack(), dto.service()))
        .orElse(List.of());
    return held.isEmpty() ? dto
        : dto.withContainers(dto.containers().stream().map(c -> c.withMorePorts(held)).toList());
  }

  private ServiceStatusDto withAutoscale(Optional<StoredStack> stored, ServiceStatusDto dto) {
    return stored.filter(s -> !s.deleting()).map(s -> s.stack().service(dto.service()))
        .flatMap(spec -> autoscaling.view(dto.stack(), spec))
        .map(v -> dto.withAutoscale(Dtos.autoscale(v))).orElse(dto);
  }

  private static ServiceStatusDto pending(String stack, ServiceSpec spec, Optional<StackStatus> old) {
    Optional<ServiceStatus> previous = old.flatMap(s -> s.services().stream()
        .filter(x -> x.service().equals(spec.name())).findFirst());
    if (previous.isPresent()) {
      ServiceStatus p = previous.get();
      return Dtos.service(new ServiceStatus(stack, spec.name(), spec.image(), spec.replicas(), p.running(),
          p.healthy(), p.hasHealthcheck(), p.restarts(), ServicePhase.CONVERGING, p.backoffUntil(), p.lastError(),
          p.notes(), p.containers(), null));
    }
    return Dtos.service(new ServiceStatus(stack, spec.name(), spec.image(), spec.replicas(), 0, 0,
        spec.healthcheck() != null && !spec.healthcheck().disabled(), 0, ServicePhase.CONVERGING, null, null,
        List.of(), List.of(), null));
  }

  @Override
  public Optional<ServiceStatusDto> service(String stack, String service) {
    return services(stack).stream().filter(s -> s.service().equals(service)).findFirst();
  }

  @Override
  public ServiceStatusDto scale(String stack, String service, int replicas) {
    return scale(stack, service, replicas, false);
  }

  @Override
  public synchronized ServiceStatusDto scale(String stack, String service, int replicas, boolean pin) {
    StoredStack stored = store.get(stack).filter(s -> !s.deleting())
        .orElseThrow(() -> ApiException.notFound("no stack named " + stack));
    if (stored.stack().service(service) == null) {
      throw ApiException.notFound("stack " + stack + " has no service named " + service);
    }
    ServiceSpec spec = stored.stack().service(service);
    if (spec.orch().autoscale() != null) {
      return scaleAutoscaled(stack, spec, replicas, pin);
    }
    if (pin) {
      throw ApiException.unprocessable("service " + service + " of stack " + stack + " is not autoscaled: there is"
          + " nothing to pin; scale it without --pin (pin: true)", List.of("pin"));
    }
    int before = stored.stack().service(service).replicas();
    String fixedName = stored.stack().service(service).containerName();
    if (fixedName != null && replicas > 1) {
      // Compose refuses too: a second container cannot take the same name.
      throw ApiException.unprocessable("cannot scale " + stack + "/" + service + " to " + replicas + ": its"
          + " container_name " + fixedName + " names one container; remove container_name from the file to scale it",
          List.of("replicas"));
    }
    Stack scaled = stored.stack().withReplicas(service, replicas);
    // Scaling down is always allowed, even when a lowered limit leaves the stack over it.
    List<ReplicaLimit.Breach> breaches = replicas > before ? replicaLimit.check(scaled.services()) : List.of();
    if (!breaches.isEmpty()) {
      throw ApiException.unprocessable("cannot scale " + stack + "/" + service + " to " + replicas + ": "
          + breaches.get(0), List.of("replicas"));
    }
    if (before != replicas) {
      save(stored.withStack(scaled, clock.instant()));
      events.emit(new AgentEvent(clock.instant(), EventType.SERVICE_SCALED, stack, service, null, null, null,
          "scaled from " + before + " to " + replicas));
    }
    loop.enqueue(stack);
    return service(stack, service).orElseThrow();
  }

  /**
   * The autoscaler owns the count of an autoscaled service: a plain scale is refused with what it would fight
   * (the range and the current recommendation); {@code pin} fixes min = max = {@code replicas} until the next submit.
   */
  private ServiceStatusDto scaleAutoscaled(String stack, ServiceSpec spec, int replicas, boolean pin) {
    Autoscaling.View view = autoscaling.view(stack, spec).orElseThrow();
    String service = spec.name();
    if (!pin) {
      throw ApiException.conflict("service " + service + " of stack " + stack + " is autoscaled"
          + (view.pinned() ? " (pinned)" : "") + " between " + view.rule().min() + " and " + view.rule().max()
          + " replicas: its count is the autoscaler's, now " + view.replicas()
          + (view.last() == null ? "" : " (" + view.last().reason() + ")")
          + ", and would move away from " + replicas + ". To fix it at " + replicas + " until the next orch up, run"
          + " orch scale --pin " + service + "=" + replicas + "; to change the range, edit x-orch.autoscale"
          + " min/max in the file");
    }
    if (replicas < 1) {
      throw ApiException.unprocessable("cannot pin " + stack + "/" + service + " at " + replicas + " replicas: an"
          + " autoscaled service runs at least 1 (a service scaled to zero cannot measure its load)",
          List.of("replicas"));
    }
    List<ReplicaLimit.Breach> breaches = replicaLimit.check(stored(stack).stack().withReplicas(service, replicas)
        .services());
    if (replicas > view.replicas() && !breaches.isEmpty()) {
      throw ApiException.unprocessable("cannot pin " + stack + "/" + service + " at " + replicas + ": "
          + breaches.get(0), List.of("replicas"));
    }
    autoscaling.pin(stack, service, replicas);
    events.emit(new AgentEvent(clock.instant(), EventType.SERVICE_SCALED, stack, service, null, null, null,
        "pinned at " + replicas + " (was " + view.replicas() + "; autoscale range " + view.rule().min() + " to "
            + view.rule().max() + " until the next orch up)"));
    loop.enqueue(stack);
    return service(stack, service).orElseThrow();
  }

  private StoredStack stored(String stack) {
    return store.get(stack).orElseThrow(() -> ApiException.notFound("no stack named " + stack));
  }

  @Override
  public List<ManagedContainerDto> containers(String stack, String service) {
    return board.all().stream()
        .filter(s -> stack == null || s.name().equals(stack))
        .flatMap(s -> s.services().stream())
        .filter(s -> service == null || s.service().equals(service))
        .flatMap(s -> s.containers().stream().map(c -> ManagedContainerDto.of(s.stack(), s.service(),
            Dtos.container(c))))
        .toList();
  }

  @Override
  public synchronized ServiceStatusDto restart(String stack, String service) {
    StoredStack stored = managedService(stack, service);
    Instant now = clock.instant();
    save(stored.withRestart(service, now));
    reconciler.resetRestarts(stack, service); // new replicas start with a fresh restart history and backoff
    events.emit(new AgentEvent(now, EventType.SERVICE_RESTARTING, stack, service, null, null, null,
        "rolling restart requested: every replica is replaced, "
            + stored.stack().service(service).updateConfig().parallelism() + " at a time"));
    loop.enqueue(stack);
    return service(stack, service).orElseThrow();
  }

  @Override
  public synchronized ServiceStatusDto rollback(String stack, String service) {
    StoredStack stored = managedService(stack, service);
    Instant now = clock.instant();
    StoredStack rolledBack = stored.rolledBack(service, now).orElseThrow(() -> ApiException.conflict(
        "service " + service + " of stack " + stack + " has no previous spec to roll back to: it has not "
            + "changed since the agent first stored it (scaling does not count)"));
    save(rolledBack);
    reconciler.resetRestarts(stack, service);
    events.emit(new AgentEvent(now, EventType.SERVICE_ROLLING_BACK, stack, service, null, null, null,
        "rollback to the spec from before its last change requested"));
    loop.enqueue(stack);
    return service(stack, service).orElseThrow();
  }

  private StoredStack managedService(String stack, String service) {
    StoredStack stored = store.get(stack).filter(s -> !s.deleting())
        .orElseThrow(() -> ApiException.notFound("no stack named " + stack));
    if (stored.stack().service(service) == null) {
      throw ApiException.notFound("stack " + stack + " has no service named " + service);
    }
    return stored;
  }

  private static boolean unparsable(Diagnostic d) {
    return d.kind() == Diagnostic.Kind.NOT_YAML;
  }

  @Override
  public InfoDto info() {
    EngineInfo e = engineInfo;
    if (e == null) {
      try {
        e = engine.info();
        engineInfo = e;
      } catch (EngineException ex) {
        e = new EngineInfo(null, null, null, null);
      }
    }
    int containers = board.all().stream().flatMap(s -> s.services().stream())
        .mapToInt(s -> s.containers().size()).sum();
    return new InfoDto(version, e.version(), e.apiVersion(),
        Duration.between(startedAt, clock.instant()).toSeconds(), board.all().size(), containers);
  }

  @Override
  public boolean ready() {
    return notReadyReason().isEmpty();
  }

  /** In-memory flags only: {@code /readyz} never waits for the engine. */
  @Override
  public Optional<String> notReadyReason() {
    return Readiness.combine(engineProblem.get(), loop.notReadyReason());
  }

  @Override
  public EventSource events() {
    return eventSource;
  }

  /**
   * Reads the engine (logs live there): without follow every replica's log in time order, ending once all are read;
   * with follow every run of every replica, restarted and new ones included, until the client goes away or the
   * service is removed.
   */
  @Override
  public AutoCloseable logs(String stack, String service, boolean follow, int tail, LogLineSink sink) {
    try {
      return logs.open(stack, service, follow, tail, sink, () -> service(stack, service).isEmpty());
    } catch (EngineException.Unavailable e) {
      throw engineFailure(e);
    } catch (EngineException e) {
      throw ApiException.unavailable("cannot read the logs of " + stack + "/" + service + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while opening the logs of " + stack + "/" + service);
    }
  }

}
