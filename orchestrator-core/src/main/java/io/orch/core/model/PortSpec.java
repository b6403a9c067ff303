package io.orch.core.model;

/**
 * One published or container port. {@code published} is null when the engine should pick a host port; {@code hostIp}
 * is null for all interfaces. Ranges in the stack file are expanded into one PortSpec per port.
 */
public record PortSpec(String hostIp, Integer published, int target, String protocol) {
  public PortSpec {
    protocol = protocol == null ? "tcp" : protocol;
  }
}
