package io.orch.core.model;

import java.time.Duration;

/**
 * When orch restarts an exited container, with Swarm's {@code deploy.restart_policy} meaning. {@code maxAttempts} null
 * means unlimited; {@code window} null means attempts are counted over the container's whole life.
 * {@code restart: no} maps to NONE, {@code always}/{@code unless-stopped} to ANY, {@code on-failure[:N]} to ON_FAILURE.
 * orch's default is ANY (as Swarm's): keeping containers running is the point of the agent.
 */
public record RestartPolicy(Condition condition, Duration delay, Integer maxAttempts, Duration window) {
  public enum Condition {
    NONE, ON_FAILURE, ANY;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public static final RestartPolicy DEFAULT = new RestartPolicy(Condition.ANY, Duration.ZERO, null, null);

  public RestartPolicy {
    delay = delay == null ? Duration.ZERO : delay;
  }

  /** Whether a container that exited with this code should be started again under this policy. */
  public boolean restarts(int exitCode) {
    return switch (condition) {
      case NONE -> false;
      case ON_FAILURE -> exitCode != 0;
      case ANY -> true;
    };
  }
}
