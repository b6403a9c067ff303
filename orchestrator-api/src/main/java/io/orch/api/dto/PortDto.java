package io.orch.api.dto;

/**
 * A port a replica can be reached on. {@code ingress} false: the engine published {@code target/protocol} on
 * {@code hostIp:hostPort} (the port it picked, for an ephemeral mapping), or only exposes it ({@code hostPort} null).
 * {@code ingress} true: orch's ingress holds {@code hostIp:hostPort} for the service and spreads its connections over
 * the replicas' {@code target} ({@code hostIp} null: every interface).
 */
public record PortDto(String hostIp, Integer hostPort, int target, String protocol, boolean ingress) {}
