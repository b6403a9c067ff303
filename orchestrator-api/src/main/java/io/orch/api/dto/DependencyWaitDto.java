package io.orch.api.dto;

/**
 * A depends_on condition a service waits for: the {@code service} it depends on and the {@code condition}
 * ({@code service_started}, {@code service_healthy}, {@code service_completed_successfully}), null when that service
 * is not in the stack at all.
 */
public record DependencyWaitDto(String service, String condition) {}
