package io.orch.api.dto;

import java.time.Instant;
import java.util.List;

/**
 * One container of a service. {@code health} is null without a health check; {@code exitCode} is null while it
 * has not exited; {@code startedAt} is null before its first start; {@code healthOutput} is what the last
 * health-check probe printed (trimmed and cut at 300 characters), null without a health check or a probe yet.
 * {@code ports}: where it can be reached, as the engine published its ports and as orch's ingress holds them for its
 * service (`orch ps` PORTS). {@code restart} is what orch decided about restarting it while it is not restarted
 * right now (it waits out a backoff, orch gave up, or its policy lets the exit stand), else null.
 */
public record ContainerDto(String name, String id, int slot, String state, String health, int restarts,
    Integer exitCode, boolean oomKilled, Instant startedAt, String healthOutput, List<PortDto> ports,
    RestartDto restart) {

  public ContainerDto {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** Without a restart decision. */
  public ContainerDto(String name, String id, int slot, String state, String health, int restarts,
      Integer exitCode, boolean oomKilled, Instant startedAt, String healthOutput, List<PortDto> ports) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, healthOutput, ports, null);
  }

  public ContainerDto(String name, String id, int slot, String state, String health, int restarts,
      Integer exitCode, boolean oomKilled, Instant startedAt, String healthOutput) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, healthOutput, List.of());
  }

  /** This container with {@code more} ports after its own. */
  public ContainerDto withMorePorts(List<PortDto> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<PortDto> all = new java.util.ArrayList<>(ports);
    all.addAll(more);
    return new ContainerDto(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, healthOutput,
        all, restart);
  }

  public ContainerDto(String name, String id, int slot, String state, String health, int restarts,
      Integer exitCode, boolean oomKilled, Instant startedAt) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, null);
  }
}
