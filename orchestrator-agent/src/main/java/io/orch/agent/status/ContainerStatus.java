package io.orch.agent.status;

import io.orch.core.engine.ObservedContainer;
import java.time.Instant;

/**
 * One replica as last observed; {@code restartDue} is set while it waits out a restart backoff; {@code healthOutput}
 * is the last health-check probe's output, where the engine has one.
 */
public record ContainerStatus(
    String name, String id, int slot, ObservedContainer.State state, ObservedContainer.Health health, int restarts,
    Integer exitCode,
    boolean oomKilled, Instant startedAt, Instant restartDue, String healthOutput) {

  public ContainerStatus(String name, String id, int slot, ObservedContainer.State state,
      ObservedContainer.Health health, int restarts, Integer exitCode, boolean oomKilled, Instant startedAt,
      Instant restartDue) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, restartDue, null);
  }
}
