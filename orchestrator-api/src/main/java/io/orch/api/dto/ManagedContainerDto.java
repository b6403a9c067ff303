package io.orch.api.dto;

import java.time.Instant;

/**
 * One line of {@code GET /v1/containers}: a container orch manages, with the stack and service it belongs to.
 * {@code health} is null without a health check, {@code exitCode} null while it has not exited, {@code startedAt}
 * null before its first start.
 */
public record ManagedContainerDto(String stack, String service, int slot, String id, String name, String state,
    String health, int restarts, Integer exitCode, boolean oomKilled, Instant startedAt) {

  public static ManagedContainerDto of(String stack, String service, ContainerDto c) {
    return new ManagedContainerDto(stack, service, c.slot(), c.id(), c.name(), c.state(), c.health(), c.restarts(),
        c.exitCode(), c.oomKilled(), c.startedAt());
  }
}
