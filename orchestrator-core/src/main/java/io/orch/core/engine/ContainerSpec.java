package io.orch.core.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.HostOptions;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    // h8-secrets: files copied in before start, and namespaces/volumes shared with another container.
    // Left out of the hash's JSON when unset, so containers created before these keys existed keep their hash.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContainerFile> files,
    @JsonInclude(JsonInclude.Include.NON_NULL) String ipcMode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String pidMode,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> volumesFrom,
    // h8-keys: host options (limits, DNS, logging, namespaces), also left out of the hash's JSON when empty.
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = HostOptions.EmptyFilter.class) HostOptions host) {

  /**
   * A file the engine gets inside the container after create and before start (a secret or config): from the host
   * {@code hostFile} or from inline {@code content}. {@code digest} (SHA-256 of the bytes) stands for the bytes in the
   * spec hash; the hash never sees {@code content}. {@code bindMount}: a host file bind-mounted read-only instead,
   * for a read-only root filesystem, where the engine refuses the copy (uid, gid and mode cannot apply then).
   */
  public record ContainerFile(String target, String uid, String gid, int mode, String hostFile, String content,
      String digest, boolean bindMount) {
    /** Copied in through the archive API: what every file gets unless the root filesystem is read-only. */
    public ContainerFile(String target, String uid, String gid, int mode, String hostFile, String content,
        String digest) {
      this(target, uid, gid, mode, hostFile, content, digest, false);
    }

    /** Never prints the content: it may be a secret. */
    @Override
    public String toString() {
      return "ContainerFile[" + target + ", uid=" + uid + ", gid=" + gid + ", mode=" + Integer.toOctalString(mode)
          + ", " + (hostFile != null ? "from " + hostFile : "inline") + ", sha256:" + digest
          + (bindMount ? ", bind mount" : "") + "]";
    }

    /** This file as the spec hash sees it: everything but the content. */
    public ContainerFile withoutContent() {
      return new ContainerFile(target, uid, gid, mode, hostFile, null, digest, bindMount);
    }
  }

  /** The create request before secrets, configs, shared namespaces and host options existed; none of them set. */
  public ContainerSpec(String name, String image, List<String> command, List<String> entrypoint,
      Map<String, String> environment, Map<String, String> labels, String user, String workingDir, String hostname,
      List<PortSpec> ports, List<String> exposedPorts, List<MountSpec> mounts, String networkMode,
      List<NetworkAttachment> networks, HealthCheck healthcheck, Double cpus, Long memoryBytes, Long pidsLimit,
      List<String> capAdd, List<String> capDrop, boolean readOnly, Boolean init, boolean privileged,
      String stopSignal, Duration stopGracePeriod) {
    this(name, image, command, entrypoint, environment, labels, user, workingDir, hostname, ports, exposedPorts,
        mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd, capDrop, readOnly, init,
        privileged, stopSignal, stopGracePeriod, null, null, null, null, HostOptions.NONE);
  }

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
    // A null value is a name passed bare (unset: it removes the image's own ENV of that name).
    environment = environment == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environment));
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    ports = ports == null ? List.of() : List.copyOf(ports);
    exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    networks = networks == null ? List.of() : List.copyOf(networks);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    files = files == null ? List.of() : List.copyOf(files);
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    host = host == null ? HostOptions.NONE : host;
  }

  public ContainerSpec withName(String newName) {
    return new ContainerSpec(newName, image, command, entrypoint, environment, labels, user, workingDir, hostname,
        ports, exposedPorts, mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd,
        capDrop, readOnly, init, privileged, stopSignal, stopGracePeriod, files, ipcMode, pidMode, volumesFrom, host);
  }

  public ContainerSpec withPorts(List<PortSpec> newPorts) {
    return new ContainerSpec(name, image, command, entrypoint, environment, labels, user, workingDir, hostname,
        newPorts, exposedPorts, mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd,
        capDrop, readOnly, init, privileged, stopSignal, stopGracePeriod, files, ipcMode, pidMode, volumesFrom, host);
  }

  public ContainerSpec withLabels(Map<String, String> newLabels) {
    return new ContainerSpec(name, image, command, entrypoint, environment, newLabels, user, workingDir, hostname,
        ports, exposedPorts, mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd, capDrop,
        readOnly, init, privileged, stopSignal, stopGracePeriod, files, ipcMode, pidMode, volumesFrom, host);
  }

  public ContainerSpec withFiles(List<ContainerFile> newFiles) {
    return new ContainerSpec(name, image, command, entrypoint, environment, labels, user, workingDir, hostname,
        ports, exposedPorts, mounts, networkMode, networks, healthcheck, cpus, memoryBytes, pidsLimit, capAdd,
        capDrop, readOnly, init, privileged, stopSignal, stopGracePeriod, newFiles, ipcMode, pidMode, volumesFrom, host);
  }

}
