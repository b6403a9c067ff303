package io.orch.api.dto;

import java.time.Instant;

/**
 * One container of a service. {@code health} is null without a health check; {@code exitCode} is null while it
 * has not exited; {@code startedAt} is null before its first start; {@code healthOutput} is what the last
 * health-check probe printed (trimmed and cut at 300 characters), null without a health check or a probe yet.
 */
public record ContainerDto(String name, String id, int slot, String state, String health, int restarts,
    Integer exitCode, boolean oomKilled, Instant startedAt, String healthOutput) {

  public ContainerDto(String name, String id, int slot, String state, String health, int restarts,
      Integer exitCode, boolean oomKilled, Instant startedAt) {
    this(name, id, slot, state, health, restarts, exitCode, oomKilled, startedAt, null);
  }
}
