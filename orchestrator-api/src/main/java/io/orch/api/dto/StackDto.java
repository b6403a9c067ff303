package io.orch.api.dto;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/stacks/{stack}}: a submitted stack, its services' status, and whether it is being deleted. */
public record StackDto(String name, Instant submittedAt, long generation, List<ServiceStatusDto> services,
    boolean deleting) {
  public StackDto {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
