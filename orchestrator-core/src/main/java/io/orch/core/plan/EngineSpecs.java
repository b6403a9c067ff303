package io.orch.core.plan;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ContainerSpec.NetworkAttachment;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.VolumeCreate;
import io.orch.core.model.FileMount;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds exactly what orch asks the engine to create for a stack: one {@link ContainerSpec} per replica slot, and the
 * stack's networks and volumes, with engine names and every orch and Compose label (DESIGN "Objects orch creates").
 */
public final class EngineSpecs {
  /** The network a service joins when it names none, as in Compose. */
  public static final String DEFAULT_NETWORK = "default";

  private EngineSpecs() {}

  /** The container for replica {@code slot} of {@code service}; its spec-hash label is shared by all slots. */
  public static ContainerSpec forSlot(Stack stack, ServiceSpec service, int slot) {
    String stackName = stack.name();
    Map<String, String> labels = new TreeMap<>(service.labels());
    labels.put(Labels.MANAGED, "true");
    labels.put(Labels.STACK, stackName);
    labels.put(Labels.SERVICE, service.name());
    labels.put(Labels.COMPOSE_PROJECT, stackName);
    labels.put(Labels.COMPOSE_SERVICE, service.name());
    labels.put(Labels.COMPOSE_ONEOFF, "False");
    labels.put(Labels.SLOT, Integer.toString(slot));
    labels.put(Labels.COMPOSE_NUMBER, Integer.toString(slot));

    boolean ingress = usesIngress(service);
    List<PortSpec> ports = new ArrayList<>();
    LinkedHashSet<String> exposed = new LinkedHashSet<>(service.expose());
    for (PortSpec port : service.ports()) {
      if (ingress && port.published() != null && !port.isHostRange()) {
        // The host port belongs to orch's ingress proxy; the replica only exposes the target on its networks.
        exposed.add(port.target() + "/" + port.protocol());
      } else {
        ports.add(port);
      }
    }

    ContainerSpec spec = new ContainerSpec(
        containerName(stack, service, slot),
        service.image(),
        service.command(),
        service.entrypoint(),
        service.environment(),
        labels,
        service.user(),
        service.workingDir(),
        service.hostname(),
        ports,
        List.copyOf(exposed),
        mounts(stack, service),
        service.networkMode(),
        attachments(stack, service),
        service.healthcheck(),
        service.resources().cpus(),
        service.resources().memoryBytes(),
        service.resources().pids(),
        service.capAdd(),
        service.capDrop(),
        service.readOnly(),
        service.init(),
        service.privileged(),
        service.stopSignal(),
        service.stopGracePeriod(),
        files(service),
        service.ipc(),
        service.pid(),
        service.volumesFrom(),
        service.host());
    Map<String, String> hashed = new TreeMap<>(labels);
    // Hashed with host ranges unexpanded: every slot shares one hash though each publishes its own port.
    String hash = SpecHash.of(spec);
    hashed.put(Labels.SPEC_HASH, hash);
    // Compose's own bookkeeping labels, added after hashing so that they never roll a service.
    hashed.put(Labels.COMPOSE_CONFIG_HASH, hash);
    hashed.put(Labels.COMPOSE_VERSION, Labels.COMPOSE_VERSION_VALUE);
    return spec.withLabels(hashed).withPorts(ports.stream().map(p -> p.forSlot(slot)).toList());
  }

  /** {@code container_name} when set (one replica only), else {@code <stack>-<service>-<slot>}. */
  public static String containerName(Stack stack, ServiceSpec service, int slot) {
    return service.containerName() != null ? service.containerName()
        : Labels.containerName(stack.name(), service.name(), slot);
  }

  /** The spec hash every current replica of {@code service} carries. */
  public static String hashOf(Stack stack, ServiceSpec service) {
    return forSlot(stack, service, 1).labels().get(Labels.SPEC_HASH);
  }

  /**
   * Whether published ports go through orch's ingress instead of the engine (DESIGN "Ports"): several replicas, or
   * start-first updates, cannot all bind one host port. Crossing between one and several replicas therefore changes
   * the spec hash of a service that publishes ports; an autoscaled service that may grow past one replica uses the
   * ingress from the start, so that scaling never recreates its replicas.
   */
  public static boolean usesIngress(ServiceSpec service) {
    return service.orch().ingress()
        && service.usesStackNetworks()
        && service.ports().stream().anyMatch(p -> p.published() != null && !p.isHostRange())
        && (service.replicas() > 1 || service.updateConfig().order() == UpdateConfig.Order.START_FIRST
            || (service.orch().autoscale() != null && service.orch().autoscale().max() > 1));
  }

  /** The stack networks a service joins, by stack-local name; {@code default} when it names none. */
  public static Map<String, ServiceNetwork> networksOf(ServiceSpec service) {
    if (!service.usesStackNetworks()) {
      return Map.of();
    }
    return service.networks().isEmpty() ? Map.of(DEFAULT_NETWORK, ServiceNetwork.PLAIN) : service.networks();
  }

  /** Every network the stack declares, plus the implicit {@code default} network when a service relies on it. */
  public static Map<String, NetworkSpec> stackNetworks(Stack stack) {
    Map<String, NetworkSpec> all = new TreeMap<>(stack.networks());
    for (ServiceSpec service : stack.services().values()) {
      for (String name : networksOf(service).keySet()) {
        all.putIfAbsent(name, NetworkSpec.bridge(name));
      }
    }
    return all;
  }

  /** The engine name of a stack network: {@code <stack>_<network>}, or the external name as is. */
  public static String engineName(Stack stack, String network) {
    NetworkSpec spec = stack.networks().get(network);
    if (spec != null && spec.externalName() != null) {
      return spec.externalName(); // name: of an external network, or of one orch creates under that name
    }
    if (spec != null && spec.external()) {
      return network;
    }
    return Labels.networkName(stack.name(), network);
  }

  /** The engine name of a stack volume: {@code <stack>_<volume>}, or the external name as is. */
  public static String volumeEngineName(Stack stack, String volume) {
    VolumeSpec spec = stack.volumes().get(volume);
    if (spec != null && spec.externalName() != null) {
      return spec.externalName();
    }
    if (spec != null && spec.external()) {
      return volume;
    }
    return Labels.volumeName(stack.name(), volume);
  }

  public static NetworkCreate forNetwork(Stack stack, NetworkSpec network) {
    Map<String, String> labels = new TreeMap<>(network.labels());
    labels.put(Labels.MANAGED, "true");
    labels.put(Labels.STACK, stack.name());
    labels.put(Labels.NETWORK, network.name());
    labels.put(Labels.COMPOSE_PROJECT, stack.name());
    labels.put(Labels.COMPOSE_NETWORK, network.name());
    labels.put(Labels.COMPOSE_VERSION, Labels.COMPOSE_VERSION_VALUE);
    return new NetworkCreate(
        engineName(stack, network.name()), network.driver(), network.internal(), labels, network.driverOpts(),
        network.ipam(), network.enableIpv6(), network.attachable());
  }

  public static VolumeCreate forVolume(Stack stack, VolumeSpec volume) {
    Map<String, String> labels = new TreeMap<>(volume.labels());
    labels.put(Labels.MANAGED, "true");
    labels.put(Labels.STACK, stack.name());
    labels.put(Labels.VOLUME, volume.name());
    labels.put(Labels.COMPOSE_PROJECT, stack.name());
    labels.put(Labels.COMPOSE_VOLUME, volume.name());
    labels.put(Labels.COMPOSE_VERSION, Labels.COMPOSE_VERSION_VALUE);
    return new VolumeCreate(
        volumeEngineName(stack, volume.name()), volume.driver(), labels, volume.driverOpts());
  }

  private static List<NetworkAttachment> attachments(Stack stack, ServiceSpec service) {
    List<NetworkAttachment> attachments = new ArrayList<>();
    networksOf(service).forEach((network, membership) -> {
      LinkedHashSet<String> aliases = new LinkedHashSet<>();
      aliases.add(service.name());
      aliases.addAll(membership.aliases());
      attachments.add(new NetworkAttachment(engineName(stack, network), List.copyOf(aliases),
          membership.ipv4Address(), membership.ipv6Address()));
    });
    return attachments;
  }

  private static List<MountSpec> mounts(Stack stack, ServiceSpec service) {
    List<MountSpec> mounts = new ArrayList<>();
    for (MountSpec mount : service.volumes()) {
      if (mount.type() == MountSpec.Type.VOLUME && mount.source() != null) {
        mounts.add(new MountSpec(mount.type(), volumeEngineName(stack, mount.source()), mount.target(),
            mount.readOnly(), mount.tmpfsSizeBytes(), mount.tmpfsMode()));
      } else {
        mounts.add(mount);
      }
    }
    return mounts;
  }

  private static List<ContainerSpec.ContainerFile> files(ServiceSpec service) {
    List<ContainerSpec.ContainerFile> files = new ArrayList<>();
    for (FileMount m : service.secrets()) {
      files.add(file(m, service.readOnly()));
    }
    for (FileMount m : service.configs()) {
      files.add(file(m, service.readOnly()));
    }
    return files;
  }

  // The engine refuses to copy into a read-only root filesystem; a host file is bind-mounted there, as Compose does.
  private static ContainerSpec.ContainerFile file(FileMount m, boolean readOnlyRoot) {
    return new ContainerSpec.ContainerFile(m.target(), m.uid(), m.gid(), m.modeOrDefault(), m.from().file(),
        m.from().content(), m.from().digest(), readOnlyRoot && m.from().file() != null);
  }
}
