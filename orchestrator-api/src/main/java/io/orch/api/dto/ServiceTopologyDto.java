package io.orch.api.dto;

import java.util.List;
import java.util.Map;

/**
 * How one service of a submitted stack is wired, from its stack file: the ports it publishes as Docker writes them
 * ({@code 127.0.0.1:8080->80/tcp}, {@code 8080-8082->80/tcp} for a host range, {@code 80/tcp} when the engine picks
 * the host port) and the services it waits on, each with its {@code depends_on} condition ({@code service_healthy}).
 */
public record ServiceTopologyDto(String service, List<String> ports, Map<String, String> dependsOn) {
  public ServiceTopologyDto {
    ports = ports == null ? List.of() : List.copyOf(ports);
    dependsOn = dependsOn == null ? Map.of() : Map.copyOf(dependsOn);
  }
}
