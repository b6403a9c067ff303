package io.orch.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What orch knows about one service: replica counts, restarts, its state and why it is in it.
 * {@code backoffUntil} and {@code lastError} are null when there is nothing to report; {@code rollout} is null
 * unless replicas are being replaced (a changed spec, a restart or a rollback), e.g. {@code "updating: 2 of 3
 * replicas outdated"}. {@code rolloutState} is its last rollout's state (phase, updated/total, failures, reason),
 * null if it never had one. {@code autoscale} is null unless the service has an {@code x-orch.autoscale} block.
 * {@code waitingFor} lists the depends_on conditions it waits for (the notes say them in words); each container's
 * {@code restart} what orch decided about restarting it.
 */
public record ServiceStatusDto(String stack, String service, String image, int desired, int running, int healthy,
    int restarts, State state, Instant backoffUntil, String lastError, List<String> notes,
    List<ContainerDto> containers, String rollout, RolloutDto rolloutState, AutoscaleStatusDto autoscale,
    List<DependencyWaitDto> waitingFor) {

  public ServiceStatusDto {
    notes = notes == null ? List.of() : List.copyOf(notes);
    containers = containers == null ? List.of() : List.copyOf(containers);
    waitingFor = waitingFor == null ? List.of() : List.copyOf(waitingFor);
  }

  /** Waiting for nothing. */
  public ServiceStatusDto(String stack, String service, String image, int desired, int running, int healthy,
      int restarts, State state, Instant backoffUntil, String lastError, List<String> notes,
      List<ContainerDto> containers, String rollout, RolloutDto rolloutState, AutoscaleStatusDto autoscale) {
    this(stack, service, image, desired, running, healthy, restarts, state, backoffUntil, lastError, notes,
        containers, rollout, rolloutState, autoscale, List.of());
  }

  /** Not autoscaled ({@code autoscale} null). */
  public ServiceStatusDto(String stack, String service, String image, int desired, int running, int healthy,
      int restarts, State state, Instant backoffUntil, String lastError, List<String> notes,
      List<ContainerDto> containers, String rollout, RolloutDto rolloutState) {
    this(stack, service, image, desired, running, healthy, restarts, state, backoffUntil, lastError, notes,
        containers, rollout, rolloutState, null);
  }

  /** This status with other containers (the same with more detail). */
  public ServiceStatusDto withContainers(List<ContainerDto> c) {
    return new ServiceStatusDto(stack, service, image, desired, running, healthy, restarts, state, backoffUntil,
        lastError, notes, c, rollout, rolloutState, autoscale, waitingFor);
  }

  /** This status with the autoscaler's part. */
  public ServiceStatusDto withAutoscale(AutoscaleStatusDto a) {
    return new ServiceStatusDto(stack, service, image, desired, running, healthy, restarts, state, backoffUntil,
        lastError, notes, containers, rollout, rolloutState, a, waitingFor);
  }

  /** Without a rollout state. */
  public ServiceStatusDto(String stack, String service, String image, int desired, int running, int healthy,
      int restarts, State state, Instant backoffUntil, String lastError, List<String> notes,
      List<ContainerDto> containers, String rollout) {
    this(stack, service, image, desired, running, healthy, restarts, state, backoffUntil, lastError, notes,
        containers, rollout, (RolloutDto) null);
  }

  /** Without rollout information (nothing being replaced). */
  public ServiceStatusDto(String stack, String service, String image, int desired, int running, int healthy,
      int restarts, State state, Instant backoffUntil, String lastError, List<String> notes,
      List<ContainerDto> containers) {
    this(stack, service, image, desired, running, healthy, restarts, state, backoffUntil, lastError, notes,
        containers, null);
  }

  /** The service's state as scripts see it on the wire (lower case). */
  public enum State {
    @JsonProperty("converging") CONVERGING,
    @JsonProperty("running") RUNNING,
    /** Its replicas run but a published port is not served (orch could not bind it): {@code lastError} says why. */
    @JsonProperty("degraded") DEGRADED,
    @JsonProperty("failed") FAILED,
    /** A depends_on condition is not met yet. */
    @JsonProperty("waiting") WAITING,
    /** A replica waits out a restart backoff ({@code backoffUntil} says until when). */
    @JsonProperty("backing_off") BACKING_OFF,
    /** Replicas run an outdated spec and are replaced per update_config ({@code rollout} says how far). */
    @JsonProperty("rolling_out") ROLLING_OUT,
    /** Its rollout paused ({@code rolloutState.reason} says why): `orch up` resumes, `orch rollback` undoes it. */
    @JsonProperty("paused") PAUSED,
    @JsonProperty("removing") REMOVING,
    /** A one-shot service (restart no/on-failure) whose replicas all exited 0. */
    @JsonProperty("completed") COMPLETED,
    /** Labelled objects of a stack that is not in the agent's state (`orch down -p NAME` removes them). */
    @JsonProperty("unmanaged") UNMANAGED
  }
}
