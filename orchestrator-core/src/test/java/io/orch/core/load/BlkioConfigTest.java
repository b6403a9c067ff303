package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.k8s.ExportOptions;
import io.orch.core.k8s.KubernetesExporter;
import io.orch.core.model.HostOptions;
import io.orch.core.model.HostOptions.DeviceRate;
import io.orch.core.model.HostOptions.DeviceWeight;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compose's {@code blkio_config}: read, printed back, hashed only when set, refused when malformed. */
class BlkioConfigTest {
  private static final String PLAIN = "services:\n  web:\n    image: busybox:1.36\n";
  private static final String FULL = PLAIN + """
          blkio_config:
            weight: 300
            weight_device: [{path: /dev/sda, weight: 400}]
            device_read_bps: [{path: /dev/sda, rate: 12mb}]
            device_write_bps: [{path: /dev/sda, rate: "1024k"}]
            device_read_iops: [{path: /dev/sdb, rate: 120}]
            device_write_iops: [{path: /dev/sdb, rate: "30"}]
      """;

  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  private static Stack stack(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.diagnostics()).as("diagnostics").isEmpty();
    return r.stack();
  }

  @Test
  void readsEveryKey() {
    HostOptions.Blkio b = stack(FULL).service("web").host().blkio();

    assertThat(b.weight()).isEqualTo(300);
    assertThat(b.weightDevice()).containsExactly(new DeviceWeight("/dev/sda", 400));
    assertThat(b.deviceReadBps()).containsExactly(new DeviceRate("/dev/sda", 12L * 1024 * 1024));
    assertThat(b.deviceWriteBps()).containsExactly(new DeviceRate("/dev/sda", 1024L * 1024));
    assertThat(b.deviceReadIops()).containsExactly(new DeviceRate("/dev/sdb", 120));
    assertThat(b.deviceWriteIops()).containsExactly(new DeviceRate("/dev/sdb", 30));
  }

  @Test
  void orchConfigPrintsWhatLoadsBackEqual() {
    StackWriterTest.assertRoundTrips(stack(FULL), Set.of());
  }

  @Test
  void aServiceWithoutItKeepsItsHashAndOneWithItRolls() {
    Stack plain = stack(PLAIN);
    Stack blkio = stack(FULL);
    Stack dnsOnly = stack(PLAIN + "    dns: [1.1.1.1]\n");
    ServiceSpec dnsWithDefaultBlkio = dnsOnly.service("web").toBuilder()
        .host(withBlkio(dnsOnly.service("web").host(), HostOptions.Blkio.NONE)).build();

    assertThat(plain.service("web").host()).isEqualTo(HostOptions.NONE);
    assertThat(EngineSpecs.hashOf(blkio, blkio.service("web")))
        .isNotEqualTo(EngineSpecs.hashOf(plain, plain.service("web")));
    // HostOptions is written whole once any host option is set: its new member must still add nothing at default.
    assertThat(EngineSpecs.hashOf(dnsOnly, dnsWithDefaultBlkio))
        .isEqualTo(EngineSpecs.hashOf(dnsOnly, dnsOnly.service("web")));
  }

  @Test
  void kubernetesExportWarnsThatItIsLeftOut() {
    var export = new KubernetesExporter(ExportOptions.DEFAULT).export(stack(FULL));

    assertThat(export.warnings()).anySatisfy(w -> assertThat(w.path()).isEqualTo("services.web.blkio_config"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "blkio_config: {weight: 5}|services.web.blkio_config.weight",
      "blkio_config: {weight: 300, wieght_device: []}|services.web.blkio_config.wieght_device",
      "blkio_config: {device_read_bps: [{path: sda, rate: 1mb}]}|services.web.blkio_config.device_read_bps[0]",
      "blkio_config: {device_read_bps: [{path: /dev/sda}]}|services.web.blkio_config.device_read_bps[0]",
      "blkio_config: {device_read_iops: [{path: /dev/sda, rate: 1mb}]}"
          + "|services.web.blkio_config.device_read_iops[0].rate",
      "blkio_config: {weight_device: {path: /dev/sda}}|services.web.blkio_config.weight_device",
      "blkio_config: [300]|services.web.blkio_config",
  })
  void aBadValueIsAnErrorAtItsPath(String line, String path) {
    LoadResult r = load(PLAIN + "    " + line + "\n");

    assertThat(r.errors()).as("errors of " + line).isNotEmpty();
    assertThat(r.errors().get(0).path()).isEqualTo(path);
  }

  private static HostOptions withBlkio(HostOptions h, HostOptions.Blkio b) {
    return new HostOptions(h.ulimits(), h.sysctls(), h.securityOpt(), h.extraHosts(), h.dns(), h.dnsSearch(),
        h.dnsOpt(), h.shmSizeBytes(), h.devices(), h.stdinOpen(), h.tty(), h.logging(), h.platform(), h.runtime(),
        h.groupAdd(), h.oomScoreAdj(), h.oomKillDisable(), h.macAddress(), h.cgroupParent(), h.domainname(),
        h.storageOpt(), h.usernsMode(), h.cpuShares(), h.cpuset(), h.memReservationBytes(), h.memswapLimitBytes(), b);
  }
}
