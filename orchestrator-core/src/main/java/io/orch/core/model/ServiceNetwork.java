package io.orch.core.model;

import java.util.List;

/** A service's membership in one stack network, with extra DNS aliases (the service name is always an alias). */
public record ServiceNetwork(List<String> aliases) {
  public static final ServiceNetwork PLAIN = new ServiceNetwork(List.of());

  public ServiceNetwork {
    aliases = Collections2.list(aliases);
  }
}
