package io.orch.core.restart;

import java.time.Duration;

/**
 * Spreads a restart wait so that replicas crashing together do not restart in lockstep. It must answer the same for
 * the same container and restart number, because the tracker asks again on every reconcile pass.
 */
@FunctionalInterface
public interface Jitter {
  Jitter NONE = (wait, containerName, restartNumber) -> wait;

  Duration apply(Duration wait, String containerName, int restartNumber);
}
