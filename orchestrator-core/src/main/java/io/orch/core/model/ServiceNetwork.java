package io.orch.core.model;

import java.util.List;

/**
 * A service's membership in one stack network, with extra DNS aliases (the service name is always an alias) and
 * optionally a fixed address on it ({@code ipv4_address}/{@code ipv6_address}, one replica only).
 */
public record ServiceNetwork(List<String> aliases, String ipv4Address, String ipv6Address) {
  public static final ServiceNetwork PLAIN = new ServiceNetwork(List.of());

  public ServiceNetwork {
    aliases = Collections2.list(aliases);
  }

  public ServiceNetwork(List<String> aliases) {
    this(aliases, null, null);
  }

  public boolean hasFixedAddress() {
    return ipv4Address != null || ipv6Address != null;
  }
}
