package io.orch.core.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.HostOptions;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Exactly what orch asks the engine to create for one replica. The spec hash is computed over this record (minus the
 * hash label itself), so every field here that changes means a new container. Engine names are final here: volume
 * sources and network names already carry the stack prefix. {@code networkMode} is null when the container joins
 * {@code networks}; otherwise it is "host", "none" or "bridge" and {@code networks} is empty.
 */
public record ContainerSpec(
    String name,
    String image,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    Map<String, String> labels,
    String user,
    String workingDir,
    String hostname,
    List<PortSpec> ports,
    List<String> exposedPorts,
    List<MountSpec> mounts,
    String networkMode,
    List<NetworkAttachment> networks,
    HealthCheck healthcheck,
    Double cpus,
    Long memoryBytes,
    Long pidsLimit,
    List<String> capAdd,
    List<String> capDrop,
    boolean readOnly,
    Boolean init,
    boolean privileged,
    String stopSignal,
    Duration stopGracePeriod,
    // Left out of the canonical JSON when empty, so containers created before these keys existed keep their hash.
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = HostOptions.EmptyFilter.class) HostOptions host) {

  /** One network the container joins, by engine network name, with its DNS aliases (service name first). */
  public record NetworkAttachment(String network, List<String> aliases,
      // Absent from the canonical JSON when null, so attachments without a fixed address keep their spec hash.
      @JsonInclude(JsonInclude.Include.NON_NULL) String ipv4Address,
      @JsonInclude(JsonInclude.Include.NON_NULL) String ipv6Address) {
    public NetworkAttachment {
      aliases = List.copyOf(aliases);
    }

    public NetworkAttachment(String network, List<String> aliases) {
      this(network, aliases, null, null);
    }
  }

  public ContainerSpec {
    command = command == null ? null : List.copyOf(command);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    ports = ports == null ? List.of() : List.copyOf(ports);
    exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    networks = networks == null ? List.of() : List.copyOf(networks);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    host = host == null ? HostOptions.NONE : host;
  }

  /** A container without any {@link HostOptions}: the engine defaults for limits, DNS, logging and namespaces. */
  public ContainerSpec(String name, String image, List<String> command, List<String> entrypoint,
      Map<String, String> environment, Map<String, String> labels, String user, String workingDir, String hostname,
      List<PortSpec> ports, List<String> exposedPorts, List<MountSpec> mounts, String networkMode,
      List<NetworkAttachment> networks, HealthCheck healthcheck, Double cpus, Long memoryBytes, Long pidsLimit,
      List<String> capAdd, List<String> capDrop, boolean readOnly, Boolean init, boolean privileged, String stopSignal,
      Duration stopGracePeriod) {
    this(name, image, command, entrypoint, environment, labels, user, workingDir, hostname, ports, exposedPorts, mounts,
        networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd, capDrop, readOnly, init, privileged,
        stopSignal, stopGracePeriod, HostOptions.NONE);
  }

  public ContainerSpec withPorts(List<PortSpec> newPorts) {
    return new ContainerSpec(name, image, command, entrypoint, environment, labels, user, workingDir, hostname,
        newPorts, exposedPorts, mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd,
        capDrop, readOnly, init, privileged, stopSignal, stopGracePeriod, host);
  }

  public ContainerSpec withLabels(Map<String, String> newLabels) {
    return new ContainerSpec(name, image, command, entrypoint, environment, newLabels, user, workingDir, hostname,
        ports, exposedPorts, mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd, capDrop,
        readOnly, init, privileged, stopSignal, stopGracePeriod, host);
  }
}
