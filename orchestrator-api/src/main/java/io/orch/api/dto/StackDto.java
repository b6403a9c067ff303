package io.orch.api.dto;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/stacks/{stack}}: a submitted stack, its services' status, and whether it is being deleted.
 * {@code error} says why its stored file cannot be read (the agent then leaves its containers alone), else null.
 */
public record StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
    boolean deleting, String error, long observedGeneration) {
  public StackDto {
    services = services == null ? List.of() : List.copyOf(services);
  }

  /**
   * Without the generation the services' status was planned from ({@code observedGeneration}: once it reaches
   * {@code generation}, the status reflects the last submission).
   */
  public StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
      boolean deleting, String error) {
    this(name, submittedAt, generation, services, deleting, error, 0);
  }

  public StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
      boolean deleting) {
    this(name, submittedAt, generation, services, deleting, null);
  }
}
