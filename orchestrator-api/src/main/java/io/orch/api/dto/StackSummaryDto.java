package io.orch.api.dto;

/**
 * One line of {@code GET /v1/stacks}: a stack with its replica totals over all services. {@code error} says why a
 * stack is {@code unreadable} (its stored file cannot be read), else it is null.
 */
public record StackSummaryDto(String name, int services, int desired, int running, String status, String error) {
  public StackSummaryDto(String name, int services, int desired, int running, String status) {
    this(name, services, desired, running, status, null);
  }
}
