package io.orch.core.engine;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
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
 * Exactly what orch asks the engine to create for one replica, in groups: what runs ({@link Process}), how it is
 * reached ({@link Networking}), what it mounts ({@link Storage}), its {@link Limits}, its health check and the
 * {@link HostOptions}. The agent maps them onto the engine's create call (CreateContainerMapping; the host options in
 * HostOptionsMapping). Engine names are final here: volume sources and network names already carry
 * the stack prefix. {@code networkMode} is null when the container joins {@code networks}; otherwise it is "host",
 * "none" or "bridge" and {@code networks} is empty.
 *
 * <p>The spec hash is computed over this record (minus the slot-dependent parts and the hash labels), so every field
 * here that changes means a new container. The groups are Java-only: {@code @JsonUnwrapped} keeps the hashed JSON flat
 * as it was before them, and a field added to any group is hashed only when set (see the planner's CanonicalSpec), so
 * containers that do not use it keep their hash.
 */
public record ContainerSpec(
    String name,
    String image,
    Map<String, String> labels,
    @JsonUnwrapped Process process,
    @JsonUnwrapped Networking networking,
    @JsonUnwrapped Storage storage,
    @JsonUnwrapped Limits limits,
    HealthCheck healthcheck,
    HostOptions host) {

  /** What runs in the container and as whom: the process, its environment, privileges, namespaces and stop. */
  public record Process(
      List<String> command,
      List<String> entrypoint,
      Map<String, String> environment,
      String user,
      String workingDir,
      List<String> capAdd,
      List<String> capDrop,
      boolean readOnly,
      Boolean init,
      boolean privileged,
      String stopSignal,
      Duration stopGracePeriod,
      String ipcMode,
      String pidMode) {
    public static final Process NONE = new Process(null, null, null, null, null, null, null, false, null, false,
        null, null, null, null);

    public Process {
      command = command == null ? null : List.copyOf(command);
      entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      // A null value is a name passed bare (unset: it removes the image's own ENV of that name).
      environment = environment == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environment));
      capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
      capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    }
  }

  /** How the container is reached: its host name, published and exposed ports, network mode or networks. */
  public record Networking(
      String hostname,
      List<PortSpec> ports,
      List<String> exposedPorts,
      String networkMode,
      List<NetworkAttachment> networks) {
    public static final Networking NONE = new Networking(null, null, null, null, null);

    public Networking {
      ports = ports == null ? List.of() : List.copyOf(ports);
      exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
      networks = networks == null ? List.of() : List.copyOf(networks);
    }

    public Networking withPorts(List<PortSpec> newPorts) {
      return new Networking(hostname, newPorts, exposedPorts, networkMode, networks);
    }
  }

  /** What the container mounts: volumes, binds and tmpfs; secret and config files; another container's volumes. */
  public record Storage(List<MountSpec> mounts, List<ContainerFile> files, List<String> volumesFrom) {
    public static final Storage NONE = new Storage(null, null, null);

    public Storage {
      mounts = mounts == null ? List.of() : List.copyOf(mounts);
      files = files == null ? List.of() : List.copyOf(files);
      volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    }
  }

  /** deploy.resources.limits (or cpus/mem_limit/pids_limit): null leaves the engine default. */
  public record Limits(Double cpus, Long memoryBytes, Long pidsLimit) {
    public static final Limits NONE = new Limits(null, null, null);
  }

  public ContainerSpec {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    process = process == null ? Process.NONE : process;
    networking = networking == null ? Networking.NONE : networking;
    storage = storage == null ? Storage.NONE : storage;
    limits = limits == null ? Limits.NONE : limits;
    host = host == null ? HostOptions.NONE : host;
  }

  /** Every key flat, in the order of the record before it was grouped (tests and older callers use this form). */
  public ContainerSpec(String name, String image, List<String> command, List<String> entrypoint,
      Map<String, String> environment, Map<String, String> labels, String user, String workingDir, String hostname,
      List<PortSpec> ports, List<String> exposedPorts, List<MountSpec> mounts, String networkMode,
      List<NetworkAttachment> networks, HealthCheck healthcheck, Double cpus, Long memoryBytes, Long pidsLimit,
      List<String> capAdd, List<String> capDrop, boolean readOnly, Boolean init, boolean privileged,
      String stopSignal, Duration stopGracePeriod, List<ContainerFile> files, String ipcMode, String pidMode,
      List<String> volumesFrom, HostOptions host) {
    this(name, image, labels,
        new Process(command, entrypoint, environment, user, workingDir, capAdd, capDrop, readOnly, init, privileged,
            stopSignal, stopGracePeriod, ipcMode, pidMode),
        new Networking(hostname, ports, exposedPorts, networkMode, networks),
        new Storage(mounts, files, volumesFrom),
        new Limits(cpus, memoryBytes, pidsLimit),
        healthcheck, host);
  }

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
      // Added after the hash froze: hashed only when set (CanonicalSpec), so other attachments keep their hash.
      String ipv4Address,
      String ipv6Address) {
    public NetworkAttachment {
      aliases = List.copyOf(aliases);
    }

    public NetworkAttachment(String network, List<String> aliases) {
      this(network, aliases, null, null);
    }
  }

  public ContainerSpec withName(String newName) {
    return new ContainerSpec(newName, image, labels, process, networking, storage, limits, healthcheck, host);
  }

  public ContainerSpec withPorts(List<PortSpec> newPorts) {
    return new ContainerSpec(name, image, labels, process, networking.withPorts(newPorts), storage, limits,
        healthcheck, host);
  }

  public ContainerSpec withLabels(Map<String, String> newLabels) {
    return new ContainerSpec(name, image, newLabels, process, networking, storage, limits, healthcheck, host);
  }

  public ContainerSpec withFiles(List<ContainerFile> newFiles) {
    return new ContainerSpec(name, image, labels, process, networking,
        new Storage(storage.mounts(), newFiles, storage.volumesFrom()), limits, healthcheck, host);
  }

  // The flat names of the keys, as callers read them before the record was grouped.
  public List<String> command() {
    return process.command();
  }

  public List<String> entrypoint() {
    return process.entrypoint();
  }

  public Map<String, String> environment() {
    return process.environment();
  }

  public String user() {
    return process.user();
  }

  public String workingDir() {
    return process.workingDir();
  }

  public List<String> capAdd() {
    return process.capAdd();
  }

  public List<String> capDrop() {
    return process.capDrop();
  }

  public boolean readOnly() {
    return process.readOnly();
  }

  public Boolean init() {
    return process.init();
  }

  public boolean privileged() {
    return process.privileged();
  }

  public String stopSignal() {
    return process.stopSignal();
  }

  public Duration stopGracePeriod() {
    return process.stopGracePeriod();
  }

  public String ipcMode() {
    return process.ipcMode();
  }

  public String pidMode() {
    return process.pidMode();
  }

  public String hostname() {
    return networking.hostname();
  }

  public List<PortSpec> ports() {
    return networking.ports();
  }

  public List<String> exposedPorts() {
    return networking.exposedPorts();
  }

  public String networkMode() {
    return networking.networkMode();
  }

  public List<NetworkAttachment> networks() {
    return networking.networks();
  }

  public List<MountSpec> mounts() {
    return storage.mounts();
  }

  public List<ContainerFile> files() {
    return storage.files();
  }

  public List<String> volumesFrom() {
    return storage.volumesFrom();
  }

  public Double cpus() {
    return limits.cpus();
  }

  public Long memoryBytes() {
    return limits.memoryBytes();
  }

  public Long pidsLimit() {
    return limits.pidsLimit();
  }
}
