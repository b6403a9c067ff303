package io.orch.core.restart;

/** Why a container was restarted; the {@code reason} label of orch_container_restarts_total. */
public enum RestartReason {
  EXIT, UNHEALTHY, OOM;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
