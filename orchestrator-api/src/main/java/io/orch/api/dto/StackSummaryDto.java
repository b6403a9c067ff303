package io.orch.api.dto;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of {@code GET /v1/stacks}: a stack with its replica totals over all services. {@code error} says why a
 * stack is {@code unreadable} (its stored file cannot be read), else it is null. {@code autoscale} holds the
 * autoscaled services' states by service name (empty when none is), so a list needs no request per stack; null
 * from an agent older than the field.
 */
public record StackSummaryDto(String name, int services, int desired, int running, String status, String error,
    Map<String, AutoscaleStatusDto> autoscale) {
  public StackSummaryDto {
    // Sorted by service, so lists and JSON read the same every time.
    autoscale = autoscale == null ? null : Collections.unmodifiableMap(new TreeMap<>(autoscale));
  }

  public StackSummaryDto(String name, int services, int desired, int running, String status, String error) {
    this(name, services, desired, running, status, error, Map.of());
  }

  public StackSummaryDto(String name, int services, int desired, int running, String status) {
    this(name, services, desired, running, status, null);
  }
}
