package io.orch.api.dto;

/** One line of {@code GET /v1/stacks}: a stack with its replica totals over all services. */
public record StackSummaryDto(String name, int services, int desired, int running, String status) {}
