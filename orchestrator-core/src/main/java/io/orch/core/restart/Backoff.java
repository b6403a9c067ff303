package io.orch.core.restart;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.ServiceSpec;
import java.time.Duration;

/**
 * Crash-loop backoff math (DESIGN "Restart"): the first restart after a stable run waits {@code restart_policy.delay};
 * later ones wait {@code backoff.initial}, doubling up to {@code backoff.max}.
 */
public final class Backoff {
  private Backoff() {}

  /** How long to wait before the next restart, given how many restarts happened since the backoff last reset. */
  public static Duration delayBefore(int restartsSinceReset, Duration firstDelay, OrchOptions.Backoff knobs) {
    if (restartsSinceReset <= 0) {
      return firstDelay;
    }
    Duration max = knobs.max();
    Duration wait = knobs.initial();
    for (int i = 1; i < restartsSinceReset && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /**
   * Whether the container's last run was long enough to reset the backoff: it ran for {@code backoff.reset_after}
   * and, for a service with a health check, did not end unhealthy. The engine keeps no "healthy since", so a run that
   * ends healthy or still starting counts by its length alone.
   */
  public static boolean ranStably(ObservedContainer container, ServiceSpec service) {
    if (container.startedAt() == null || container.finishedAt() == null) {
      return false;
    }
    Duration ran = Duration.between(container.startedAt(), container.finishedAt());
    if (ran.compareTo(service.orch().backoff().resetAfter()) < 0) {
      return false;
    }
    boolean checked = service.healthcheck() != null && !service.healthcheck().disabled();
    return !checked || container.health() != ObservedContainer.Health.UNHEALTHY;
  }
}
