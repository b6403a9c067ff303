package io.orch.api.dto;

/** {@code GET /v1/info}: agent version, the engine it talks to, uptime and how much it manages. */
public record InfoDto(String version, String engineVersion, String engineApiVersion, long uptimeSeconds, int stacks,
    int containers) {}
