package io.orch.agent.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.VolumesFrom;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fills a docker-java {@link CreateContainerCmd} from a {@link ContainerSpec}, field by field. Only the first network
 * is set here (the engine accepts one endpoint at create); {@link DockerEngine} connects the others afterwards.
 */
final class CreateContainerMapping {
  private CreateContainerMapping() {}

  /** @throws IllegalArgumentException for values the engine API cannot express (e.g. an unknown capability) */
  static CreateContainerCmd apply(ContainerSpec spec, CreateContainerCmd cmd) {
    HostConfig host = HostConfig.newHostConfig()
        // orch counts, backs off and reports restarts itself, so the engine must never restart on its own.
        .withRestartPolicy(RestartPolicy.noRestart())
        .withMounts(mounts(withBoundFiles(spec)))
        .withReadonlyRootfs(spec.readOnly())
        .withPrivileged(spec.privileged())
        .withInit(spec.init())
        .withMemory(spec.memoryBytes())
        .withPidsLimit(spec.pidsLimit())
        .withCapAdd(capabilities(spec.capAdd()))
        .withCapDrop(capabilities(spec.capDrop()));
    if (spec.cpus() != null) {
      host.withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000d));
    }

    List<ExposedPort> exposed = new ArrayList<>(exposedPorts(spec));
    if (!spec.ports().isEmpty()) {
      host.withPortBindings(portBindings(spec.ports()));
    }

    if (spec.networkMode() != null) {
      host.withNetworkMode(spec.networkMode());
    } else if (!spec.networks().isEmpty()) {
      ContainerSpec.NetworkAttachment first = spec.networks().get(0);
      // docker-java turns NetworkMode + aliases into NetworkingConfig.EndpointsConfig[<network>].Aliases.
      host.withNetworkMode(first.network());
      if (!first.aliases().isEmpty()) {
        cmd.withAliases(first.aliases());
      }
      // Like the aliases, docker-java puts these into the endpoint config of the network named in NetworkMode.
      if (first.ipv4Address() != null) {
        cmd.withIpv4Address(first.ipv4Address());
      }
      if (first.ipv6Address() != null) {
        cmd.withIpv6Address(first.ipv6Address());
      }
    }

    cmd.withName(spec.name())
        .withImage(spec.image())
        .withLabels(spec.labels())
        .withEnv(environment(spec.environment()))
        .withExposedPorts(exposed)
        .withHostConfig(host);
    if (spec.command() != null) {
      cmd.withCmd(spec.command());
    }
    if (spec.entrypoint() != null) {
      cmd.withEntrypoint(spec.entrypoint());
    }
    if (spec.user() != null) {
      cmd.withUser(spec.user());
    }
    if (spec.workingDir() != null) {
      cmd.withWorkingDir(spec.workingDir());
    }
    if (spec.hostname() != null) {
      cmd.withHostName(spec.hostname());
    }
    if (spec.stopSignal() != null) {
      cmd.withStopSignal(spec.stopSignal());
    }
    if (spec.stopGracePeriod() != null) {
      cmd.withStopTimeout(wholeSecondsRoundedUp(spec.stopGracePeriod()));
    }
    if (spec.healthcheck() != null) {
      cmd.withHealthcheck(healthcheck(spec.healthcheck()));
    }
    if (spec.ipcMode() != null) {
      host.withIpcMode(spec.ipcMode());
    }
    if (spec.pidMode() != null) {
      host.withPidMode(spec.pidMode());
    }
    if (!spec.volumesFrom().isEmpty()) {
      host.withVolumesFrom(spec.volumesFrom().stream().map(CreateContainerMapping::volumesFrom)
          .toArray(VolumesFrom[]::new));
    }
    HostOptionsMapping.apply(spec.host(), cmd, host);
    return cmd;
  }

  /** The spec's mounts plus each secret or config delivered as a read-only bind mount of its host file. */
  static List<MountSpec> withBoundFiles(ContainerSpec spec) {
    List<MountSpec> all = new ArrayList<>(spec.mounts());
    spec.files().stream().filter(ContainerSpec.ContainerFile::bindMount)
        .forEach(f -> all.add(new MountSpec(MountSpec.Type.BIND, f.hostFile(), f.target(), true, null)));
    return all;
  }

  /** {@code container:NAME[:ro|:rw]} (service: references are resolved to container ids by the planner). */
  static VolumesFrom volumesFrom(String entry) {
    String rest = entry.startsWith("container:") ? entry.substring("container:".length()) : entry;
    if (rest.startsWith("service:")) {
      throw new IllegalArgumentException("volumes_from " + entry + " was not resolved to a container");
    }
    if (rest.endsWith(":ro")) {
      return new VolumesFrom(rest.substring(0, rest.length() - 3), AccessMode.ro);
    }
    if (rest.endsWith(":rw")) {
      return new VolumesFrom(rest.substring(0, rest.length() - 3), AccessMode.rw);
    }
    return new VolumesFrom(rest);
  }

  /** The engine counts stop timeouts in whole seconds; rounding up never cuts a grace period short. */
  static int wholeSecondsRoundedUp(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, seconds));
  }

  private static List<String> environment(Map<String, String> env) {
    return env.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        // A name without "=" is passed bare, as Compose passes an unset variable: the engine then drops the
        // image's own ENV of that name.
        .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue())
        .toList();
  }

  private static Set<ExposedPort> exposedPorts(ContainerSpec spec) {
    Set<ExposedPort> exposed = new LinkedHashSet<>();
    for (PortSpec port : spec.ports()) {
      exposed.add(exposedPort(port));
    }
    for (String expose : spec.exposedPorts()) {
      exposed.addAll(parseExpose(expose));
    }
    return exposed;
  }

  private static ExposedPort exposedPort(PortSpec port) {
    return new ExposedPort(port.target(), InternetProtocol.parse(port.protocol().toLowerCase(Locale.ROOT)));
  }

  /** Compose {@code expose} entries: "3000", "3000/udp", "3000-3002", "3000-3002/tcp". */
  static List<ExposedPort> parseExpose(String expose) {
    String[] portAndProtocol = expose.strip().split("/", 2);
    InternetProtocol protocol = portAndProtocol.length == 2
        ? InternetProtocol.parse(portAndProtocol[1].toLowerCase(Locale.ROOT))
        : InternetProtocol.TCP;
    String[] range = portAndProtocol[0].split("-", 2);
    try {
      int from = Integer.parseInt(range[0].strip());
      int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
      if (from < 1 || to > 65535 || to < from) {
        throw new IllegalArgumentException("invalid exposed port range: " + expose);
      }
      List<ExposedPort> ports = new ArrayList<>();
      for (int p = from; p <= to; p++) {
        ports.add(new ExposedPort(p, protocol));
      }
      return ports;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid exposed port: " + expose, e);
    }
  }

  private static Ports portBindings(List<PortSpec> ports) {
    Ports bindings = new Ports();
    for (PortSpec port : ports) {
      // A null host port lets the engine pick a free one; a null host IP binds all interfaces.
      String hostPort = port.published() == null ? null : String.valueOf(port.published());
      bindings.bind(exposedPort(port), new Ports.Binding(port.hostIp(), hostPort));
    }
    return bindings;
  }

  private static List<Mount> mounts(List<MountSpec> mounts) {
    List<Mount> result = new ArrayList<>(mounts.size());
    for (MountSpec m : mounts) {
      Mount mount = new Mount().withTarget(m.target()).withReadOnly(m.readOnly());
      switch (m.type()) {
        case VOLUME -> mount.withType(MountType.VOLUME).withSource(m.source()); // null source: anonymous volume
        case BIND -> mount.withType(MountType.BIND).withSource(m.source());
        case TMPFS -> {
          mount.withType(MountType.TMPFS);
          if (m.tmpfsSizeBytes() != null || m.tmpfsMode() != null) {
            mount.withTmpfsOptions(new TmpfsOptions().withSizeBytes(m.tmpfsSizeBytes()).withMode(m.tmpfsMode()));
          }
        }
      }
      result.add(mount);
    }
    return result;
  }

  private static Capability[] capabilities(List<String> names) {
    Capability[] caps = new Capability[names.size()];
    for (int i = 0; i < caps.length; i++) {
      String name = names.get(i).strip().toUpperCase(Locale.ROOT);
      if (name.startsWith("CAP_")) {
        name = name.substring(4);
      }
      try {
        caps[i] = Capability.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown capability: " + names.get(i), e);
      }
    }
    return caps;
  }

  /**
   * StartInterval is sent as well: engines before API 1.44 do not know the field and ignore it (Go's JSON decoder
   * skips unknown fields), newer ones honour it.
   */
  private static com.github.dockerjava.api.model.HealthCheck healthcheck(HealthCheck hc) {
    var result = new com.github.dockerjava.api.model.HealthCheck();
    if (hc.disabled() && !hc.inheritsTest()) {
      return result.withTest(List.of("NONE"));
    }
    // Without a test the engine takes the image's HEALTHCHECK test and keeps the timing given here.
    if (!hc.inheritsTest()) {
      result.withTest(hc.test());
    }
    result.withInterval(nanos(hc.interval()))
        .withTimeout(nanos(hc.timeout()))
        .withRetries(hc.retries())
        .withStartPeriod(nanos(hc.startPeriod()))
        .withStartInterval(nanos(hc.startInterval()));
    return result;
  }

  private static Long nanos(Duration d) {
    return d == null ? null : d.toNanos();
  }
}
