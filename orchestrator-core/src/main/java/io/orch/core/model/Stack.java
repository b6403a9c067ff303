package io.orch.core.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A normalized, interpolated stack: what a user declared, with every default filled in. Maps are sorted by key so that
 * the model prints, hashes and plans deterministically.
 */
public record Stack(
    String name,
    Map<String, ServiceSpec> services,
    Map<String, NetworkSpec> networks,
    Map<String, VolumeSpec> volumes) {

  public Stack {
    services = Collections2.sorted(services);
    networks = Collections2.sorted(networks);
    volumes = Collections2.sorted(volumes);
  }

  public ServiceSpec service(String serviceName) {
    return services.get(serviceName);
  }

  /** A copy with one service's replica count changed (what `orch scale` does to the desired state). */
  public Stack withReplicas(String serviceName, int replicas) {
    Map<String, ServiceSpec> copy = new TreeMap<>(services);
    copy.put(serviceName, services.get(serviceName).withReplicas(replicas));
    return new Stack(name, copy, networks, volumes);
  }
}
