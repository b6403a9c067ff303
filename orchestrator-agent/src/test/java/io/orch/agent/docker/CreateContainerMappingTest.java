package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateContainerMappingTest {
  private static final HealthCheck HEALTH = new HealthCheck(List.of("CMD-SHELL", "wget -q -O- localhost:8080"),
      Duration.ofSeconds(5), Duration.ofMillis(1500), 3, Duration.ofSeconds(10), Duration.ofSeconds(1));

  private static ContainerSpec fullSpec(String networkMode, List<ContainerSpec.NetworkAttachment> networks) {
    return new ContainerSpec("shop-web-1", "busybox:1.36", List.of("httpd", "-f"), List.of("/bin/sh", "-c"),
        Map.of("B", "2", "A", "1"), Map.of("io.orch.managed", "true"), "1000:1000", "/srv", "web1",
        List.of(new PortSpec("127.0.0.1", 8080, 80, "tcp"), new PortSpec(null, null, 53, "udp")),
        List.of("9000", "7000-7001/udp"),
        List.of(new MountSpec(MountSpec.Type.VOLUME, "shop_data", "/data", true, null),
            new MountSpec(MountSpec.Type.VOLUME, null, "/cache", false, null),
            new MountSpec(MountSpec.Type.BIND, "/etc/hostname", "/host-name", true, null),
            new MountSpec(MountSpec.Type.TMPFS, null, "/tmp", false, 64L * 1024 * 1024)),
        networkMode, networks, HEALTH, 1.5, 256L * 1024 * 1024, 100L, List.of("NET_ADMIN"),
        List.of("CAP_MKNOD"), true, true, false, "SIGQUIT", Duration.ofMillis(2500));
  }

  private static CreateContainerCmdImpl map(ContainerSpec spec) {
    CreateContainerCmd cmd = new CreateContainerCmdImpl(
        unused -> { throw new AssertionError("unit tests never reach an engine"); }, null, spec.image());
    return (CreateContainerCmdImpl) CreateContainerMapping.apply(spec, cmd);
  }

  @Test
  void engineRestartPolicyIsAlwaysNoBecauseOrchOwnsRestarts() {
    HostConfig host = map(fullSpec(null, List.of())).getHostConfig();

    assertThat(host.getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
  }

  @Test
  void processFieldsAreMapped() {
    CreateContainerCmdImpl cmd = map(fullSpec(null, List.of()));

    assertThat(cmd.getName()).isEqualTo("shop-web-1");
    assertThat(cmd.getImage()).isEqualTo("busybox:1.36");
    assertThat(cmd.getCmd()).containsExactly("httpd", "-f");
    assertThat(cmd.getEntrypoint()).containsExactly("/bin/sh", "-c");
    assertThat(cmd.getEnv()).containsExactly("A=1", "B=2");
    assertThat(cmd.getLabels()).containsEntry("io.orch.managed", "true");
    assertThat(cmd.getUser()).isEqualTo("1000:1000");
    assertThat(cmd.getWorkingDir()).isEqualTo("/srv");
    assertThat(cmd.getHostName()).isEqualTo("web1");
    assertThat(cmd.getStopSignal()).isEqualTo("SIGQUIT");
    assertThat(cmd.getStopTimeout()).as("2.5s rounds up, never cutting the grace short").isEqualTo(3);
  }

  @Test
  void resourceLimitsAndSecurityOptionsAreMapped() {
    HostConfig host = map(fullSpec(null, List.of())).getHostConfig();

    assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
    assertThat(host.getMemory()).isEqualTo(256L * 1024 * 1024);
    assertThat(host.getPidsLimit()).isEqualTo(100L);
    assertThat(host.getCapAdd()).containsExactly(Capability.NET_ADMIN);
    assertThat(host.getCapDrop()).containsExactly(Capability.MKNOD);
    assertThat(host.getReadonlyRootfs()).isTrue();
    assertThat(host.getInit()).isTrue();
    assertThat(host.getPrivileged()).isFalse();
  }

  @Test
  void portsAreExposedAndBoundWithRandomHostPortWhenUnpublished() {
    CreateContainerCmdImpl cmd = map(fullSpec(null, List.of()));

    assertThat(cmd.getExposedPorts()).containsExactlyInAnyOrder(ExposedPort.tcp(80), ExposedPort.udp(53),
        ExposedPort.tcp(9000), ExposedPort.udp(7000), ExposedPort.udp(7001));
    Map<ExposedPort, Ports.Binding[]> bindings = cmd.getHostConfig().getPortBindings().getBindings();
    assertThat(bindings.get(ExposedPort.tcp(80))).containsExactly(new Ports.Binding("127.0.0.1", "8080"));
    assertThat(bindings.get(ExposedPort.udp(53))).containsExactly(new Ports.Binding(null, null));
    assertThat(bindings).doesNotContainKey(ExposedPort.tcp(9000));
  }

  @Test
  void mountsKeepTypeSourceReadOnlyAndTmpfsSize() {
    List<Mount> mounts = map(fullSpec(null, List.of())).getHostConfig().getMounts();

    assertThat(mounts).hasSize(4);
    assertThat(mounts.get(0).getType()).isEqualTo(MountType.VOLUME);
    assertThat(mounts.get(0).getSource()).isEqualTo("shop_data");
    assertThat(mounts.get(0).getReadOnly()).isTrue();
    assertThat(mounts.get(1).getSource()).as("anonymous volume").isNull();
    assertThat(mounts.get(2).getType()).isEqualTo(MountType.BIND);
    assertThat(mounts.get(2).getSource()).isEqualTo("/etc/hostname");
    assertThat(mounts.get(3).getType()).isEqualTo(MountType.TMPFS);
    assertThat(mounts.get(3).getTmpfsOptions().getSizeBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void healthcheckDurationsAreNanoseconds() {
    var hc = map(fullSpec(null, List.of())).getHealthcheck();

    assertThat(hc.getTest()).containsExactly("CMD-SHELL", "wget -q -O- localhost:8080");
    assertThat(hc.getInterval()).isEqualTo(5_000_000_000L);
    assertThat(hc.getTimeout()).isEqualTo(1_500_000_000L);
    assertThat(hc.getRetries()).isEqualTo(3);
    assertThat(hc.getStartPeriod()).isEqualTo(10_000_000_000L);
    assertThat(hc.getStartInterval()).isEqualTo(1_000_000_000L);
  }

  @Test
  void disabledHealthcheckIsSentAsNone() {
    ContainerSpec spec = fullSpec(null, List.of());
    ContainerSpec disabled = new ContainerSpec(spec.name(), spec.image(), null, null, null, null, null, null, null,
        null, null, null, null, null, new HealthCheck(List.of("NONE"), null, null, null, null, null), null, null,
        null, null, null, false, null, false, null, null);

    assertThat(map(disabled).getHealthcheck().getTest()).containsExactly("NONE");
  }

  @Test
  void firstNetworkIsJoinedAtCreateWithItsAliases() {
    CreateContainerCmdImpl cmd = map(fullSpec(null, List.of(
        new ContainerSpec.NetworkAttachment("shop_front", List.of("web", "www")),
        new ContainerSpec.NetworkAttachment("shop_back", List.of("web")))));

    assertThat(cmd.getHostConfig().getNetworkMode()).isEqualTo("shop_front");
    assertThat(cmd.getAliases()).containsExactly("web", "www");
  }

  @Test
  void networkModeWinsOverNetworks() {
    CreateContainerCmdImpl cmd = map(fullSpec("host", List.of()));

    assertThat(cmd.getHostConfig().getNetworkMode()).isEqualTo("host");
    assertThat(cmd.getAliases()).isNullOrEmpty();
  }

  @Test
  void unknownCapabilityIsRefusedBeforeReachingTheEngine() {
    ContainerSpec spec = fullSpec(null, List.of());
    ContainerSpec bad = new ContainerSpec(spec.name(), spec.image(), null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, List.of("FLY"), null, false, null, false, null, null);

    assertThatThrownBy(() -> map(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLY");
  }

  @Test
  void unsetOptionalFieldsLeaveImageDefaults() {
    ContainerSpec minimal = new ContainerSpec("m", "busybox:1.36", null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, false, null, false, null, null);
    CreateContainerCmdImpl cmd = map(minimal);

    assertThat(cmd.getCmd()).isNull();
    assertThat(cmd.getEntrypoint()).isNull();
    assertThat(cmd.getUser()).isNull();
    assertThat(cmd.getHealthcheck()).isNull();
    assertThat(cmd.getStopTimeout()).isNull();
    assertThat(cmd.getHostConfig().getNanoCPUs()).isNull();
    assertThat(cmd.getHostConfig().getInit()).isNull();
    assertThat(cmd.getHostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
  }

  @Test
  void aFixedAddressGoesToTheFirstNetworksEndpoint() {
    CreateContainerCmdImpl cmd = map(fullSpec(null, List.of(
        new ContainerSpec.NetworkAttachment("shop_front", List.of("web"), "172.28.5.10", "fd00:28::10"))));

    assertThat(cmd.getIpv4Address()).isEqualTo("172.28.5.10");
    assertThat(cmd.getIpv6Address()).isEqualTo("fd00:28::10");
    assertThat(cmd.getHostConfig().getNetworkMode()).isEqualTo("shop_front");
  }
}
