package io.orch.api.dto;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/stacks/{stack}}: a submitted stack, its services' status, and whether it is being deleted.
 * {@code error} says why its stored file cannot be read (the agent then leaves its containers alone), else null.
 * {@code observedGeneration} is the generation the services' status was planned from: once it reaches
 * {@code generation}, the status reflects the last submission. {@code topology} says how the file wires its services
 * (ports, depends_on), in service name order; empty when the file cannot be read. {@code profiles} are the Compose
 * profiles the last submission activated (sorted).
 */
public record StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
    boolean deleting, String error, long observedGeneration, List<ServiceTopologyDto> topology,
    List<String> profiles) {
  public StackDto {
    services = services == null ? List.of() : List.copyOf(services);
    topology = topology == null ? List.of() : List.copyOf(topology);
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
  }

  /** Without the profiles. */
  public StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
      boolean deleting, String error, long observedGeneration, List<ServiceTopologyDto> topology) {
    this(name, submittedAt, generation, services, deleting, error, observedGeneration, topology, null);
  }

  /** Without the wiring of the services. */
  public StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
      boolean deleting, String error, long observedGeneration) {
    this(name, submittedAt, generation, services, deleting, error, observedGeneration, null);
  }

  /** Without the observed generation and the wiring. */
  public StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
      boolean deleting, String error) {
    this(name, submittedAt, generation, services, deleting, error, 0);
  }

  public StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
      boolean deleting) {
    this(name, submittedAt, generation, services, deleting, null);
  }
}
