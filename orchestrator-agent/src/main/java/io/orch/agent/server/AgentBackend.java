package io.orch.agent.server;

import io.orch.agent.desired.DesiredStacks;
import io.orch.agent.desired.Refusal;
import io.orch.agent.logs.ServiceLogs;
import io.orch.agent.view.StatusView;
import io.orch.api.dto.DiagnosticDto;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.ManagedContainerDto;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The agent's side of the HTTP API, an adapter only: decodes a request, calls the desired state (writes) or the
 * status view (reads, never the engine), encodes the answer, and maps a {@link Refusal} or an engine failure to its
 * HTTP status.
 */
public final class AgentBackend implements OrchBackend {
  private final DesiredStacks desired;
  private final StatusView view;
  private final ServiceLogs logs;
  private final EngineView engine;
  private final EventSource eventSource;
  private final Supplier<Optional<String>> notReady;
  private final Clock clock;
  private final String version;
  private final Instant startedAt;
  private volatile EngineInfo engineInfo;

  /**
   * {@code eventSource} serves {@code GET /v1/events}; {@code notReady} says why the agent is not ready (the engine
   * watchdog's finding first, then the reconcile loop's), empty when it is.
   */
  public AgentBackend(DesiredStacks desired, StatusView view, ServiceLogs logs, EngineView engine,
      EventSource eventSource, Supplier<Optional<String>> notReady, Clock clock, String version) {
    this.desired = desired;
    this.view = view;
    this.logs = logs;
    this.engine = engine;
    this.eventSource = eventSource;
    this.notReady = notReady;
    this.clock = clock;
    this.version = version;
    this.startedAt = clock.instant();
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
  public SubmitResultDto submit(String stackName, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans, Set<String> profiles) {
    DesiredStacks.Submission s = call(() -> desired.submit(stackName, body, dryRun, removeOrphans, profiles));
    return new SubmitResultDto(s.stack(), s.changed(), s.actions(), s.warnings(), s.keptOrphans(), s.plan());
  }

  @Override
  public void delete(String name, boolean removeVolumes) {
    call(() -> {
      desired.delete(name, removeVolumes);
      return null;
    });
  }

  @Override
  public ServiceStatusDto scale(String stack, String service, int replicas) {
    return scale(stack, service, replicas, false);
  }

  @Override
  public ServiceStatusDto scale(String stack, String service, int replicas, boolean pin) {
    call(() -> {
      desired.scale(stack, service, replicas, pin);
      return null;
    });
    return service(stack, service).orElseThrow();
  }

  @Override
  public ServiceStatusDto restart(String stack, String service) {
    call(() -> {
      desired.restart(stack, service);
      return null;
    });
    return service(stack, service).orElseThrow();
  }

  @Override
  public ServiceStatusDto rollback(String stack, String service) {
    call(() -> {
      desired.rollback(stack, service);
      return null;
    });
    return service(stack, service).orElseThrow();
  }

  @Override
  public List<StackSummaryDto> stacks() {
    return view.stacks().stream().map(Dtos::summary).toList();
  }

  @Override
  public Optional<StackDto> stack(String name) {
    return view.stack(name).map(Dtos::stack);
  }

  @Override
  public List<ServiceStatusDto> services(String stack) {
    return view.services(stack).orElseThrow(() -> ApiException.notFound("no stack named " + stack)).stream()
        .map(Dtos::service).toList();
  }

  @Override
  public Optional<ServiceStatusDto> service(String stack, String service) {
    return view.service(stack, service).map(Dtos::service);
  }

  @Override
  public List<ManagedContainerDto> containers(String stack, String service) {
    return view.replicas(stack, service).stream()
        .map(r -> ManagedContainerDto.of(r.stack(), r.service(), Dtos.container(r.container()))).toList();
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
    return new InfoDto(version, e.version(), e.apiVersion(), Duration.between(startedAt, clock.instant()).toSeconds(),
        view.stackCount(), view.replicaCount());
  }

  @Override
  public boolean ready() {
    return notReadyReason().isEmpty();
  }

  /** In-memory flags only: {@code /readyz} never waits for the engine. */
  @Override
  public Optional<String> notReadyReason() {
    return notReady.get();
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
      return logs.open(stack, service, follow, tail, sink, () -> view.service(stack, service).isEmpty());
    } catch (EngineException.Unavailable e) {
      throw engineFailure(e);
    } catch (EngineException e) {
      throw ApiException.unavailable("cannot read the logs of " + stack + "/" + service + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while opening the logs of " + stack + "/" + service);
    }
  }

  /** Runs a call of the desired state and maps what it refuses, or an engine that failed it, to the HTTP error. */
  private static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (Refusal r) {
      throw httpError(r);
    } catch (EngineException e) {
      throw engineFailure(e);
    }
  }

  static ApiException httpError(Refusal r) {
    List<DiagnosticDto> diagnostics = r.diagnostics().stream().map(DiagnosticDto::from).toList();
    return switch (r.kind()) {
      case BAD_INPUT -> ApiException.badRequest(r.getMessage(), diagnostics);
      case INVALID_STACK -> ApiException.invalidStack(r.getMessage(), diagnostics);
      case NOT_FOUND -> ApiException.notFound(r.getMessage());
      case CONFLICT -> ApiException.conflict(r.getMessage());
      case UNPROCESSABLE -> ApiException.unprocessable(r.getMessage(), r.fields());
      case NO_STORAGE -> ApiException.insufficientStorage(r.getMessage());
    };
  }

  /** 503 only when the engine does not answer; an engine that refuses a request made for this stack is a 422. */
  private static ApiException engineFailure(EngineException e) {
    if (e instanceof EngineException.Unavailable) {
      return ApiException.unavailable("the Docker Engine does not answer: " + e.getMessage());
    }
    return ApiException.unprocessable("the Docker Engine refused a request made for this stack: " + e.getMessage(),
        List.of());
  }
}
