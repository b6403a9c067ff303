package io.orch.core.testkit;

import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Small stacks for tests. */
public final class Stacks {
  private Stacks() {}

  public static Stack of(String name, ServiceSpec... services) {
    return of(name, List.of(), List.of(), services);
  }

  public static Stack of(String name, List<NetworkSpec> networks, List<VolumeSpec> volumes,
      ServiceSpec... services) {
    Map<String, ServiceSpec> byName = Arrays.stream(services)
        .collect(Collectors.toMap(ServiceSpec::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    return new Stack(name, byName,
        networks.stream().collect(Collectors.toMap(NetworkSpec::name, Function.identity())),
        volumes.stream().collect(Collectors.toMap(VolumeSpec::name, Function.identity())));
  }
}
