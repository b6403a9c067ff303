package io.orch.api.server;

import io.orch.api.dto.InfoDto;
import io.orch.api.dto.ManagedContainerDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.SubmitResultDto;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the HTTP API needs from the agent. The server calls it off the event loop, so implementations may block
 * (disk, engine), and they signal user errors by throwing {@link ApiException}. Names arrive already validated.
 * Calls that may wait for the engine run on their own workers (see {@code OrchRoutes}), so a stalled engine never
 * holds up the status reads; the reads ({@link #stacks}, {@link #stack}, {@link #services}, {@link #service},
 * {@link #containers}, {@link #notReadyReason}) must answer from memory or disk, never from the engine.
 */
public interface OrchBackend {

  /**
   * Loads, validates and (unless {@code dryRun}) stores a stack. {@code contentType} is the request's header (may be
   * null). Throws {@link ApiException} 400 for unparsable input and 422 with diagnostics for an invalid stack.
   */
  SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun);

  /**
   * As {@link #submit(String, byte[], String, boolean)}; services of the stored stack the body leaves out are kept
   * (and named in the answer) unless {@code removeOrphans}. A backend that stores nothing has no orphans to keep.
   */
  default SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans) {
    return submit(stack, body, contentType, dryRun);
  }

  /**
   * As {@link #submit(String, byte[], String, boolean, boolean)} with Compose profiles active ({@code --profile},
   * {@code COMPOSE_PROFILES}): the body's services of those profiles are enabled, and services of the stored stack
   * that the body disables by profile are kept as they are (never orphans). A backend that stores nothing ignores
   * them.
   */
  default SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans, Set<String> profiles) {
    return submit(stack, body, contentType, dryRun, removeOrphans);
  }

  List<StackSummaryDto> stacks();

  Optional<StackDto> stack(String name);

  /** Starts removing a stack; the reconcile loop finishes it. Throws 404 if the stack is unknown. */
  void delete(String name, boolean removeVolumes);

  /** Throws 404 if the stack is unknown. */
  List<ServiceStatusDto> services(String stack);

  Optional<ServiceStatusDto> service(String stack, String service);

  /**
   * Sets the desired replicas (already checked to be 0 or more); 422 over the agent's replica limit, 404 for an
   * unknown stack or service.
   */
  ServiceStatusDto scale(String stack, String service, int replicas);

  /**
   * As {@link #scale(String, String, int)}; with {@code pin}, an autoscaled service's count is fixed at
   * {@code replicas} (its autoscale min = max) until the stack is submitted again. A backend without autoscaling
   * has nothing to pin: the plain scale.
   */
  default ServiceStatusDto scale(String stack, String service, int replicas, boolean pin) {
    return scale(stack, service, replicas);
  }

  /**
   * Every managed container as last observed, optionally only those of one stack and/or service (null: all). An
   * unknown stack or service is no error: the list is empty, as with {@code docker ps --filter}.
   */
  List<ManagedContainerDto> containers(String stack, String service);

  /**
   * Replaces every replica of a service one by one (its update_config parallelism), even when nothing changed;
   * 404 for an unknown stack or service.
   */
  ServiceStatusDto restart(String stack, String service);

  /**
   * Puts back the service's spec from before its last change (replicas stay as they are); 404 for an unknown stack
   * or service, 409 when the service has no previous spec.
   */
  ServiceStatusDto rollback(String stack, String service);

  InfoDto info();

  /** True once the engine is reachable and the first reconcile is done. */
  boolean ready();

  /**
   * Why the agent is not ready, in one line for {@code /readyz} ("engine not answering: ..."); empty when ready.
   * Must not wait for the engine: a probe asks it.
   */
  default Optional<String> notReadyReason() {
    return ready() ? Optional.empty() : Optional.of("not ready");
  }

  /** The events behind {@code GET /v1/events}; a backend without any streams heartbeats only. */
  default EventSource events() {
    return EventSource.NONE;
  }

  /**
   * Starts streaming the logs of every replica of a service into {@code sink} ({@code tail} lines per replica, -1 for
   * all; {@code follow} keeps streaming new lines) and returns what stops it. Throws {@link ApiException} 404 for an
   * unknown stack or service.
   */
  default AutoCloseable logs(String stack, String service, boolean follow, int tail, LogLineSink sink) {
    throw ApiException.notFound("logs are not available from this backend");
  }
}
