package io.orch.api.dto;

import java.time.Instant;

/**
 * One agent event on the wire ({@code GET /v1/events}, {@code data:} of a Server-Sent Event). {@code seq} increases
 * by one per event for the agent's lifetime, so a gap tells a client it missed something. Nullable: service, slot,
 * container (stack and agent events have none), reason (a bounded word such as {@code exit}, {@code oom}).
 */
public record EventDto(long seq, Instant time, String type, String stack, String service, Integer slot,
    String container, String reason, String message) {}
