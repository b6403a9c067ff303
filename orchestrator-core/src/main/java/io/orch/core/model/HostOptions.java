package io.orch.core.model;

import java.util.List;
import java.util.Map;

/**
 * The Compose service keys that go straight to the engine's container/host config and need no planning: limits,
 * kernel parameters, DNS, devices, logging, the user namespace (ipc and pid are the service's own: they may name
 * another service, which orders the two). Null scalars and empty collections leave the engine default.
 * Kept in one record so ServiceSpec and ContainerSpec carry them as one value (and the spec hash covers all of them).
 * One group: its reader (HostOptionsReader), writer (HostOptionsWriter) and engine mapping (agent HostOptionsMapping)
 * are the only other places a new key of this group touches; a new field is hashed only when set (CanonicalSpec).
 */
public record HostOptions(
    Map<String, Ulimit> ulimits,
    Map<String, String> sysctls,
    List<String> securityOpt,
    List<String> extraHosts,
    List<String> dns,
    List<String> dnsSearch,
    List<String> dnsOpt,
    Long shmSizeBytes,
    List<String> devices,
    boolean stdinOpen,
    boolean tty,
    Logging logging,
    String platform,
    String runtime,
    List<String> groupAdd,
    Integer oomScoreAdj,
    Boolean oomKillDisable,
    String macAddress,
    String cgroupParent,
    String domainname,
    Map<String, String> storageOpt,
    String usernsMode,
    Integer cpuShares,
    String cpuset,
    Long memReservationBytes,
    Long memswapLimitBytes,
    Blkio blkio) {

  public static final HostOptions NONE = new HostOptions(null, null, null, null, null, null, null, null, null, false,
      false, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, Blkio.NONE);

  /** Every option but {@code blkio_config} (the form before it existed). */
  public HostOptions(Map<String, Ulimit> ulimits, Map<String, String> sysctls, List<String> securityOpt,
      List<String> extraHosts, List<String> dns, List<String> dnsSearch, List<String> dnsOpt, Long shmSizeBytes,
      List<String> devices, boolean stdinOpen, boolean tty, Logging logging, String platform, String runtime,
      List<String> groupAdd, Integer oomScoreAdj, Boolean oomKillDisable, String macAddress, String cgroupParent,
      String domainname, Map<String, String> storageOpt, String usernsMode, Integer cpuShares, String cpuset,
      Long memReservationBytes, Long memswapLimitBytes) {
    this(ulimits, sysctls, securityOpt, extraHosts, dns, dnsSearch, dnsOpt, shmSizeBytes, devices, stdinOpen, tty,
        logging, platform, runtime, groupAdd, oomScoreAdj, oomKillDisable, macAddress, cgroupParent, domainname,
        storageOpt, usernsMode, cpuShares, cpuset, memReservationBytes, memswapLimitBytes, Blkio.NONE);
  }

  /**
   * {@code blkio_config}: the block IO weight (10-1000) and per-device weights and throttles. A null weight and empty
   * lists leave the engine default; the engine wants a device path, not a major:minor pair.
   */
  public record Blkio(Integer weight, List<DeviceWeight> weightDevice, List<DeviceRate> deviceReadBps,
      List<DeviceRate> deviceWriteBps, List<DeviceRate> deviceReadIops, List<DeviceRate> deviceWriteIops) {
    public static final Blkio NONE = new Blkio(null, null, null, null, null, null);

    public Blkio {
      weightDevice = Collections2.list(weightDevice);
      deviceReadBps = Collections2.list(deviceReadBps);
      deviceWriteBps = Collections2.list(deviceWriteBps);
      deviceReadIops = Collections2.list(deviceReadIops);
      deviceWriteIops = Collections2.list(deviceWriteIops);
    }
  }

  /** One {@code weight_device} entry. */
  public record DeviceWeight(String path, int weight) {}

  /** One {@code device_*_bps} (bytes per second) or {@code device_*_iops} (operations per second) entry. */
  public record DeviceRate(String path, long rate) {}

  /** One {@code ulimits} entry; a single number in Compose sets both. -1 means unlimited. */
  public record Ulimit(long soft, long hard) {}

  /** {@code logging:}: the engine's log driver and its options; a null driver keeps the engine default. */
  public record Logging(String driver, Map<String, String> options) {
    public Logging {
      options = Collections2.sorted(options);
    }
  }

  public HostOptions {
    ulimits = Collections2.sorted(ulimits);
    sysctls = Collections2.sorted(sysctls);
    securityOpt = Collections2.list(securityOpt);
    extraHosts = Collections2.list(extraHosts);
    dns = Collections2.list(dns);
    dnsSearch = Collections2.list(dnsSearch);
    dnsOpt = Collections2.list(dnsOpt);
    devices = Collections2.list(devices);
    groupAdd = Collections2.list(groupAdd);
    storageOpt = Collections2.sorted(storageOpt);
    blkio = blkio == null ? Blkio.NONE : blkio;
  }
}
