package io.orch.agent.status;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.PublishedPort;
import java.time.Instant;
import java.util.List;

/**
 * One replica as last observed; {@code restartDue} is set while it waits out a restart backoff; {@code healthOutput}
 * is the last health-check probe's output, where the engine has one; {@code ports} what the engine published.
 */
public record ContainerStatus(
    String name, String id, int slot, ObservedContainer.State state, ObservedContainer.Health health, int restarts,
    Integer exitCode,
    boolean oomKilled, Instant startedAt, Instant restartDue, String healthOutput, List<PublishedPort> ports) {

  public ContainerStatus {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  public ContainerStatus(String name, String id, int slot, ObservedContainer.State state,
      ObservedContainer.Health health, int restarts, Integer exitCode, boolean oomKilled, Instant startedAt,
      Instant restartDue, String healthOutput) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, restartDue, healthOutput, List.of());
  }

  public ContainerStatus(String name, String id, int slot, ObservedContainer.State state,
      ObservedContainer.Health health, int restarts, Integer exitCode, boolean oomKilled, Instant startedAt,
      Instant restartDue) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, restartDue, null);
  }
}
