package io.orch.agent.events;

import java.util.Locale;

/**
 * Every kind of event the agent emits, in one place. {@link #wire()} is the dotted name clients see in
 * {@code GET /v1/events}, the log and the metrics ({@code container.restarted}); code decides on the constant.
 */
public enum EventType {
  AGENT_STARTED,
  /** The API refused new streams (event streams, followed logs) with 429 at their cap; once a minute at most. */
  API_STREAMS_REFUSED,
  ENGINE_CONNECTED,
  ENGINE_DISCONNECTED,
  STACK_SUBMITTED,
  STACK_REMOVING,
  STACK_REMOVED,
  STACK_UNREADABLE,
  SERVICE_SCALED,
  /** The autoscaler changed a service's replica count; the message is its reason ("cpu 143% of 70% target: 2 -> 5"). */
  SERVICE_AUTOSCALED,
  SERVICE_RESTARTING,
  SERVICE_ROLLING_BACK,
  SERVICE_CONVERGED,
  SERVICE_FAILED,
  IMAGE_PULLED,
  IMAGE_PULL_FAILED,
  NETWORK_CREATED,
  NETWORK_REMOVED,
  VOLUME_CREATED,
  VOLUME_REMOVED,
  CONTAINER_CREATED,
  CONTAINER_STARTED,
  CONTAINER_REPLACED,
  CONTAINER_STOPPED,
  CONTAINER_REMOVED,
  CONTAINER_EXITED,
  CONTAINER_OOM,
  CONTAINER_UNHEALTHY,
  CONTAINER_RESTARTING,
  CONTAINER_RESTARTED,
  /** An engine call of a pass was refused or clashed with an object orch does not own; retried with backoff. */
  ACTION_FAILED,
  /** orch's ingress listens on a published host port of a service. */
  INGRESS_BOUND,
  /** orch's ingress stopped listening on a host port (service or stack removed, port no longer published). */
  INGRESS_UNBOUND,
  /** orch's ingress cannot bind a published host port (taken by another process); retried with backoff. */
  INGRESS_BIND_FAILED,
  /** A published port reached its connection cap (or the ingress its descriptor budget); once a minute at most. */
  INGRESS_CONNECTIONS_CAPPED,
  /** A replica that accepted connections but did not answer within the response timeout left the rotation. */
  INGRESS_BACKEND_EJECTED,
  /** An ejected replica answered a trial connection and is back in rotation. */
  INGRESS_BACKEND_RESTORED,
  /** The engine refused to create or start a replica (port taken, image missing, bad mount): its message. */
  CONTAINER_FAILED,
  /** A changed spec started rolling out (update_config) or rolling back (rollback_config). */
  ROLLOUT_STARTED,
  /** One more replica runs the new spec and has been ready for monitor. */
  ROLLOUT_PROGRESS,
  /** Failures exceeded max_failure_ratio with failure_action pause: `orch up` or `orch rollback` resumes. */
  ROLLOUT_PAUSED,
  /** The previous spec runs again after a failed rollout (failure_action rollback). */
  ROLLOUT_ROLLED_BACK,
  /** Every replica runs the new spec. */
  ROLLOUT_COMPLETED;

  private final String wire;

  EventType() {
    String lower = name().toLowerCase(Locale.ROOT);
    int dot = lower.indexOf('_');
    this.wire = lower.substring(0, dot) + "." + lower.substring(dot + 1);
  }

  /** The dotted wire name: {@code CONTAINER_RESTARTED} is {@code container.restarted}. */
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
