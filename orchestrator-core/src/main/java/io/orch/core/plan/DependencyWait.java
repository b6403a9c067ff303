package io.orch.core.plan;

import io.orch.core.model.Dependency;

/**
 * A depends_on condition a service waits for: the {@code service} it depends on and the {@code condition} not met
 * yet; {@code condition} null when that service is not in the stack at all (a required dependency left out).
 */
public record DependencyWait(String service, Dependency.Condition condition) {
  /** "db (service_healthy)", "db (not in the stack)". */
  public String target() {
    return service + " (" + (condition == null ? "not in the stack" : condition.yaml()) + ")";
  }

  /** The service's note: "waiting for db (service_healthy)". */
  public String text() {
    return "waiting for " + target();
  }
}
