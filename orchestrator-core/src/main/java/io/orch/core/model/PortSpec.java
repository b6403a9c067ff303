package io.orch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One published or container port. {@code published} is null when the engine should pick a host port; {@code hostIp}
 * is null for all interfaces. Ranges in the stack file are expanded into one PortSpec per port, except a host range
 * for one target ({@code "6005-6015:80"}): then {@code publishedEnd} is the last host port of the range and replica
 * slot N publishes {@code published + N - 1} (see {@link #forSlot}), so several replicas each get their own port.
 */
public record PortSpec(
    String hostIp,
    Integer published,
    int target,
    String protocol,
    // Left out of the canonical JSON when null, so containers publishing single ports keep their spec hash.
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer publishedEnd) {

  public PortSpec {
    protocol = protocol == null ? "tcp" : protocol;
    if (publishedEnd != null && (published == null || publishedEnd < published)) {
      throw new IllegalArgumentException("host port range " + published + "-" + publishedEnd + " is empty");
    }
  }

  public PortSpec(String hostIp, Integer published, int target, String protocol) {
    this(hostIp, published, target, protocol, null);
  }

  /** True for {@code "6005-6015:80"}: one host port of the range per replica. */
  public boolean isHostRange() {
    return publishedEnd != null;
  }

  /** How many replicas the host range can serve (1 for a single or engine-picked port). */
  public int hostPortCount() {
    return isHostRange() ? publishedEnd - published + 1 : 1;
  }

  /** The port replica {@code slot} (1-based) publishes: its own host port from a range, else this port unchanged. */
  public PortSpec forSlot(int slot) {
    if (!isHostRange()) {
      return this;
    }
    if (slot < 1 || slot > hostPortCount()) {
      throw new IllegalArgumentException("slot " + slot + " has no host port in " + published + "-" + publishedEnd);
    }
    return new PortSpec(hostIp, published + slot - 1, target, protocol);
  }
}
