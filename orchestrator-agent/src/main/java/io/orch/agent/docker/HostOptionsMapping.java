package io.orch.agent.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.BlkioRateDevice;
import com.github.dockerjava.api.model.BlkioWeightDevice;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.orch.core.model.HostOptions;
import java.util.ArrayList;
import java.util.List;

/** Sets the {@link HostOptions} of a container on docker-java's create command; unset values stay engine defaults. */
final class HostOptionsMapping {
  private HostOptionsMapping() {}

  /** @throws IllegalArgumentException for a logging driver the engine API client cannot name */
  static void apply(HostOptions h, CreateContainerCmd cmd, HostConfig host) {
    if (!h.ulimits().isEmpty()) {
      List<Ulimit> ulimits = new ArrayList<>();
      h.ulimits().forEach((name, l) -> ulimits.add(new Ulimit(name, l.soft(), l.hard())));
      host.withUlimits(ulimits);
    }
    if (!h.sysctls().isEmpty()) {
      host.withSysctls(h.sysctls());
    }
    if (!h.securityOpt().isEmpty()) {
      host.withSecurityOpts(h.securityOpt());
    }
    if (!h.extraHosts().isEmpty()) {
      host.withExtraHosts(h.extraHosts().toArray(String[]::new));
    }
    if (!h.dns().isEmpty()) {
      host.withDns(h.dns());
    }
    if (!h.dnsSearch().isEmpty()) {
      host.withDnsSearch(h.dnsSearch());
    }
    if (!h.dnsOpt().isEmpty()) {
      host.withDnsOptions(h.dnsOpt());
    }
    if (!h.devices().isEmpty()) {
      // The loader keeps every device as "host:container:permissions", which is the form Device.parse reads.
      host.withDevices(h.devices().stream().map(Device::parse).toList());
    }
    if (h.logging() != null && h.logging().driver() != null) {
      host.withLogConfig(new LogConfig(loggingType(h.logging().driver()), h.logging().options()));
    }
    if (!h.groupAdd().isEmpty()) {
      host.withGroupAdd(h.groupAdd());
    }
    if (!h.storageOpt().isEmpty()) {
      host.withStorageOpt(h.storageOpt());
    }
    host.withShmSize(h.shmSizeBytes())
        .withRuntime(h.runtime())
        .withOomScoreAdj(h.oomScoreAdj())
        .withOomKillDisable(h.oomKillDisable())
        .withCgroupParent(h.cgroupParent())
        .withUsernsMode(h.usernsMode())
        .withCpuShares(h.cpuShares())
        .withCpusetCpus(h.cpuset())
        .withMemoryReservation(h.memReservationBytes())
        .withMemorySwap(h.memswapLimitBytes());
    if (h.stdinOpen()) {
      cmd.withStdinOpen(true);
    }
    if (h.tty()) {
      cmd.withTty(true);
    }
    if (h.macAddress() != null) {
      cmd.withMacAddress(h.macAddress());
    }
    if (h.domainname() != null) {
      cmd.withDomainName(h.domainname());
    }
    if (h.platform() != null) {
      cmd.withPlatform(h.platform());
    }
    blkio(h.blkio(), host);
  }

  private static void blkio(HostOptions.Blkio b, HostConfig host) {
    host.withBlkioWeight(b.weight());
    if (!b.weightDevice().isEmpty()) {
      host.withBlkioWeightDevice(b.weightDevice().stream()
          .map(d -> new BlkioWeightDevice().withPath(d.path()).withWeight(d.weight())).toList());
    }
    if (!b.deviceReadBps().isEmpty()) {
      host.withBlkioDeviceReadBps(rates(b.deviceReadBps()));
    }
    if (!b.deviceWriteBps().isEmpty()) {
      host.withBlkioDeviceWriteBps(rates(b.deviceWriteBps()));
    }
    if (!b.deviceReadIops().isEmpty()) {
      host.withBlkioDeviceReadIOps(rates(b.deviceReadIops()));
    }
    if (!b.deviceWriteIops().isEmpty()) {
      host.withBlkioDeviceWriteIOps(rates(b.deviceWriteIops()));
    }
  }

  private static List<BlkioRateDevice> rates(List<HostOptions.DeviceRate> rates) {
    return rates.stream().map(r -> new BlkioRateDevice().withPath(r.path()).withRate(r.rate())).toList();
  }

  private static LogConfig.LoggingType loggingType(String driver) {
    for (LogConfig.LoggingType type : LogConfig.LoggingType.values()) {
      if (type.getType().equals(driver)) {
        return type;
      }
    }
    throw new IllegalArgumentException("logging driver \"" + driver + "\" is not one orch can pass to the engine");
  }
}
