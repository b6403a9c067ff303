package io.orch.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What orch knows about one service: replica counts, restarts, its state and why it is in it.
 * {@code backoffUntil} and {@code lastError} are null when there is nothing to report.
 */
public record ServiceStatusDto(String stack, String service, String image, int desired, int running, int healthy,
    int restarts, State state, Instant backoffUntil, String lastError, List<String> notes,
    List<ContainerDto> containers) {

  public ServiceStatusDto {
    notes = notes == null ? List.of() : List.copyOf(notes);
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  /** The service's state as scripts see it on the wire (lower case). */
  public enum State {
    @JsonProperty("converging") CONVERGING,
    @JsonProperty("running") RUNNING,
    @JsonProperty("failed") FAILED,
    @JsonProperty("waiting") WAITING,
    @JsonProperty("removing") REMOVING,
    /** A one-shot service (restart no/on-failure) whose replicas all exited 0. */
    @JsonProperty("completed") COMPLETED,
    /** Labelled objects of a stack that is not in the agent's state (`orch down -p NAME` removes them). */
    @JsonProperty("unmanaged") UNMANAGED
  }
}
