package io.orch.agent.status;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.PublishedPort;
import io.orch.core.restart.RestartDecision;
import java.time.Instant;
import java.util.List;

/**
 * One replica as last observed; {@code restartDue} is set while it waits out a restart backoff; {@code healthOutput}
 * is the last health-check probe's output, where the engine has one; {@code ports} what the engine published;
 * {@code restart} what the last pass decided about restarting it when it is not restarted now (it waits, orch gave
 * up, or its policy lets the exit stand), else null.
 */
public record ContainerStatus(
    String name, String id, int slot, ObservedContainer.State state, ObservedContainer.Health health, int restarts,
    Integer exitCode,
    boolean oomKilled, Instant startedAt, Instant restartDue, String healthOutput, List<PublishedPort> ports,
    RestartDecision restart) {

  public ContainerStatus {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  public ContainerStatus(String name, String id, int slot, ObservedContainer.State state,
      ObservedContainer.Health health, int restarts, Integer exitCode, boolean oomKilled, Instant startedAt,
      Instant restartDue, String healthOutput, List<PublishedPort> ports) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, restartDue, healthOutput, ports,
        null);
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
