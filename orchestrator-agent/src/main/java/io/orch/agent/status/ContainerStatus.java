package io.orch.agent.status;

import io.orch.core.engine.ObservedContainer;
import java.time.Instant;

/** One replica as last observed; {@code restartDue} is set while it waits out a restart backoff. */
public record ContainerStatus(
    String name, String id, int slot, ObservedContainer.State state, ObservedContainer.Health health, int restarts,
    Integer exitCode,
    boolean oomKilled, Instant startedAt, Instant restartDue) {}
