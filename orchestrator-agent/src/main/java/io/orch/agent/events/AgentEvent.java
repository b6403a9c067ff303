package io.orch.agent.events;

import java.time.Instant;

/**
 * One thing that happened. Nullable fields: service, slot, container (a stack event has none of them), reason (a
 * bounded word such as {@code exit}, {@code oom}, {@code unhealthy} for restarts; never free text).
 */
public record AgentEvent(
    Instant time, EventType type, String stack, String service, Integer slot, String container, String reason,
    String message) {}
