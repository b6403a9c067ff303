package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.HostOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostOptionsMappingTest {
  private static final HostOptions FULL = new HostOptions(
      Map.of("nofile", new HostOptions.Ulimit(20000, 40000)), Map.of("net.core.somaxconn", "1024"),
      List.of("no-new-privileges:true"), List.of("db:10.0.0.5"), List.of("8.8.8.8"), List.of("example.com"),
      List.of("use-vc"), 64L * 1024 * 1024, List.of("/dev/null:/dev/mynull:r"), true, true,
      new HostOptions.Logging("json-file", Map.of("max-size", "10m")), "linux/amd64", "runc", List.of("mail"), -500,
      false, "02:42:ac:11:00:99", "orch-test", "example.com", Map.of("size", "1G"), "host", 512,
      "0", 32L * 1024 * 1024, -1L);

  private static CreateContainerCmdImpl map(HostOptions host) {
    ContainerSpec spec = new ContainerSpec("shop-web-1", "busybox:1.36", null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, false, null, false, null, null, null, null, null,
        null, host);
    CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(
        unused -> { throw new AssertionError("unit tests never reach an engine"); }, null, spec.image());
    return (CreateContainerCmdImpl) CreateContainerMapping.apply(spec, cmd);
  }

  @Test
  void everyKeyReachesTheCreateCommand() {
    CreateContainerCmdImpl cmd = map(FULL);
    HostConfig h = cmd.getHostConfig();

    assertThat(h.getUlimits()).containsExactly(new Ulimit("nofile", 20000L, 40000L));
    assertThat(h.getSysctls()).containsEntry("net.core.somaxconn", "1024");
    assertThat(h.getSecurityOpts()).containsExactly("no-new-privileges:true");
    assertThat(h.getExtraHosts()).containsExactly("db:10.0.0.5");
    assertThat(h.getDns()).containsExactly("8.8.8.8");
    assertThat(h.getDnsSearch()).containsExactly("example.com");
    assertThat(h.getDnsOptions()).containsExactly("use-vc");
    assertThat(h.getShmSize()).isEqualTo(64L * 1024 * 1024);
    assertThat(h.getDevices()).containsExactly(new Device("r", "/dev/mynull", "/dev/null"));
    assertThat(h.getLogConfig().getType().getType()).isEqualTo("json-file");
    assertThat(h.getLogConfig().getConfig()).containsEntry("max-size", "10m");
    assertThat(h.getRuntime()).isEqualTo("runc");
    assertThat(h.getGroupAdd()).containsExactly("mail");
    assertThat(h.getOomScoreAdj()).isEqualTo(-500);
    assertThat(h.getOomKillDisable()).isFalse();
    assertThat(h.getCgroupParent()).isEqualTo("orch-test");
    assertThat(h.getStorageOpt()).containsEntry("size", "1G");
    assertThat(h.getUsernsMode()).isEqualTo("host");
    assertThat(h.getCpuShares()).isEqualTo(512);
    assertThat(h.getCpusetCpus()).isEqualTo("0");
    assertThat(h.getMemoryReservation()).isEqualTo(32L * 1024 * 1024);
    assertThat(h.getMemorySwap()).isEqualTo(-1L);
    assertThat(cmd.isStdinOpen()).isTrue();
    assertThat(cmd.isTty()).isTrue();
    assertThat(cmd.getMacAddress()).isEqualTo("02:42:ac:11:00:99");
    assertThat(cmd.getDomainName()).isEqualTo("example.com");
    assertThat(cmd.getPlatform()).isEqualTo("linux/amd64");
  }

  @Test
  void blkioConfigReachesTheHostConfig() {
    HostOptions.Blkio blkio = new HostOptions.Blkio(300, List.of(new HostOptions.DeviceWeight("/dev/sda", 400)),
        List.of(new HostOptions.DeviceRate("/dev/sda", 12L * 1024 * 1024)),
        List.of(new HostOptions.DeviceRate("/dev/sda", 1024L * 1024)),
        List.of(new HostOptions.DeviceRate("/dev/sdb", 120)), List.of(new HostOptions.DeviceRate("/dev/sdb", 30)));
    HostConfig h = map(new HostOptions(null, null, null, null, null, null, null, null, null, false, false, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, blkio)).getHostConfig();

    assertThat(h.getBlkioWeight()).isEqualTo(300);
    assertThat(h.getBlkioWeightDevice()).singleElement().satisfies(d -> {
      assertThat(d.getPath()).isEqualTo("/dev/sda");
      assertThat(d.getWeight()).isEqualTo(400);
    });
    assertThat(h.getBlkioDeviceReadBps()).singleElement()
        .satisfies(d -> assertThat(d.getRate()).isEqualTo(12L * 1024 * 1024));
    assertThat(h.getBlkioDeviceWriteBps()).singleElement()
        .satisfies(d -> assertThat(d.getRate()).isEqualTo(1024L * 1024));
    assertThat(h.getBlkioDeviceReadIOps()).singleElement().satisfies(d -> {
      assertThat(d.getPath()).isEqualTo("/dev/sdb");
      assertThat(d.getRate()).isEqualTo(120L);
    });
    assertThat(h.getBlkioDeviceWriteIOps()).singleElement().satisfies(d -> assertThat(d.getRate()).isEqualTo(30L));
  }

  @Test
  void noOptionsLeaveEngineDefaults() {
    CreateContainerCmdImpl cmd = map(HostOptions.NONE);
    HostConfig h = cmd.getHostConfig();

    assertThat(h.getUlimits()).isNull();
    assertThat(h.getDns()).isNull();
    assertThat(h.getLogConfig().getType()).isNull();
    assertThat(h.getShmSize()).isNull();
    assertThat(h.getPidMode()).isNull();
    assertThat(h.getBlkioWeight()).isNull();
    assertThat(h.getBlkioDeviceReadBps()).isNull();
    assertThat(cmd.isTty()).isNotEqualTo(Boolean.TRUE);
    assertThat(cmd.getPlatform()).isNull();
  }

  @Test
  void aLoggingDriverTheClientCannotNameIsRefusedBeforeTheEngine() {
    HostOptions custom = new HostOptions(null, null, null, null, null, null, null, null, null, false, false,
        new HostOptions.Logging("vendor-plugin", Map.of()), null, null, null, null, null, null, null, null, null,
        null, null, null, null, null);

    assertThatThrownBy(() -> map(custom)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vendor-plugin");
  }
}
