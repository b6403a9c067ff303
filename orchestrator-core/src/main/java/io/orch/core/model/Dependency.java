package io.orch.core.model;

/** One entry of depends_on. */
public record Dependency(Condition condition, boolean required) {
  public enum Condition {
    SERVICE_STARTED, SERVICE_HEALTHY, SERVICE_COMPLETED_SUCCESSFULLY;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final Dependency STARTED = new Dependency(Condition.SERVICE_STARTED, true);
}
