package io.orch.api.dto;

import java.time.Instant;

/**
 * One container of a service. {@code health} is null without a health check; {@code exitCode} is null while it
 * has not exited; {@code startedAt} is null before its first start.
 */
public record ContainerDto(String name, String id, int slot, String state, String health, int restarts,
    Integer exitCode, boolean oomKilled, Instant startedAt) {}
