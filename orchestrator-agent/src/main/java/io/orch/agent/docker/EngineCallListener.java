package io.orch.agent.docker;

import java.time.Duration;

/**
 * Told about every engine call {@link DockerEngine} makes, so the agent can record it as
 * {@code orch_engine_request_duration_seconds{operation}} without the adapter knowing about Micrometer.
 * Called on the calling thread; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface EngineCallListener {
  EngineCallListener NOOP = (operation, took, ok) -> {};

  /**
   * @param operation a stable, low-cardinality name such as {@code container.create} or {@code image.pull}
   * @param ok false when the call ended in an error the caller sees (an idempotent no-op counts as ok)
   */
  void onCall(String operation, Duration took, boolean ok);
}
