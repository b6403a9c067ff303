package io.orch.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of {@code GET /v1/stacks}: a stack with its replica totals over all services. {@code error} says why a
 * stack is {@code unreadable} (its stored file cannot be read), else it is null. {@code autoscale} holds the
 * autoscaled services' states by service name (empty when none is), so a list needs no request per stack; null
 * from an agent older than the field.
 */
public record StackSummaryDto(String name, int services, int desired, int running, Status status, String error,
    Map<String, AutoscaleStatusDto> autoscale) {
  /** Where a stack stands, worst service first; on the wire the lower-case word (as before it was an enum). */
  public enum Status {
    /** Every service reached its desired state. */
    @JsonProperty("running") RUNNING,
    /** Some service is being created, started or replaced, or waits (dependencies, a backoff). */
    @JsonProperty("converging") CONVERGING,
    /** Some service's replicas run but a port it publishes is not served. */
    @JsonProperty("degraded") DEGRADED,
    /** Some service replaces replicas that run an outdated spec. */
    @JsonProperty("rolling_out") ROLLING_OUT,
    /** Some service's rollout paused. */
    @JsonProperty("paused") PAUSED,
    /** Some service failed. */
    @JsonProperty("failed") FAILED,
    /** The stack is being removed. */
    @JsonProperty("removing") REMOVING,
    /** Labelled objects of a stack the agent does not hold (`orch down -p NAME` removes them). */
    @JsonProperty("unmanaged") UNMANAGED,
    /** Its stored file cannot be read ({@code error} says why): its containers are left alone. */
    @JsonProperty("unreadable") UNREADABLE;

    /** The word of the wire, which `orch ls` prints too. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return wire();
    }
  }

  public StackSummaryDto {
    // Sorted by service, so lists and JSON read the same every time.
    autoscale = autoscale == null ? null : Collections.unmodifiableMap(new TreeMap<>(autoscale));
  }

  public StackSummaryDto(String name, int services, int desired, int running, Status status, String error) {
    this(name, services, desired, running, status, error, Map.of());
  }

  public StackSummaryDto(String name, int services, int desired, int running, Status status) {
    this(name, services, desired, running, status, null);
  }
}
