package io.orch.core.plan;

import static io.orch.core.plan.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ContainerSpec.NetworkAttachment;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.VolumeCreate;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSpecsTest {
  private static final NetworkSpec SHARED =
      new NetworkSpec("shared", "bridge", false, true, "corp-net", null, null);
  private static final VolumeSpec BACKUPS = new VolumeSpec("backups", "local", true, "corp-backups", null, null);

  private static Stack stackWith(ServiceSpec service) {
    return new Stack("shop", Map.of(service.name(), service),
        Map.of("front", NetworkSpec.bridge("front"), "shared", SHARED),
        Map.of("data", VolumeSpec.local("data"), "backups", BACKUPS));
  }

  @Test
  void containerCarriesNameAndEveryOrchAndComposeLabel() {
    ServiceSpec web = service("web").withLabels(Map.of("team", "shop", Labels.STACK, "spoofed"));

    ContainerSpec spec = EngineSpecs.forSlot(stackWith(web), web, 2);

    assertThat(spec.name()).isEqualTo("shop-web-2");
    assertThat(spec.labels()).contains(
        entry("team", "shop"),
        entry(Labels.MANAGED, "true"),
        entry(Labels.STACK, "shop"),
        entry(Labels.SERVICE, "web"),
        entry(Labels.SLOT, "2"),
        entry(Labels.COMPOSE_PROJECT, "shop"),
        entry(Labels.COMPOSE_SERVICE, "web"),
        entry(Labels.COMPOSE_NUMBER, "2"),
        entry(Labels.COMPOSE_ONEOFF, "False"))
        .containsKey(Labels.SPEC_HASH);
  }

  /**
   * docker-compose v1.29 reads com.docker.compose.version on every container of a project (AttributeError without
   * it) and config-hash to decide on recreation; Compose v2 writes both, and the version on networks and volumes.
   */
  @Test
  void carriesTheComposeLabelsDockerComposeReadsWithoutChangingTheSpecHash() {
    ServiceSpec web = service("web");
    Stack stack = stackWith(web);
    ContainerSpec spec = EngineSpecs.forSlot(stack, web, 1);
    String hash = spec.labels().get(Labels.SPEC_HASH);
    assertThat(spec.labels()).contains(entry("com.docker.compose.version", "2.0.0"),
        entry("com.docker.compose.config-hash", hash));
    // Added after hashing: an agent upgraded to write them rolls no running service.
    java.util.Map<String, String> before = new java.util.TreeMap<>(spec.labels());
    before.remove("com.docker.compose.version");
    before.remove("com.docker.compose.config-hash");
    assertThat(SpecHash.of(spec.withLabels(before))).isEqualTo(hash);
    assertThat(EngineSpecs.forNetwork(stack, NetworkSpec.bridge("front")).labels())
        .containsEntry("com.docker.compose.version", "2.0.0");
    assertThat(EngineSpecs.forVolume(stack, VolumeSpec.local("data")).labels())
        .containsEntry("com.docker.compose.version", "2.0.0");
  }

  @Test
  void joinsStackNetworksByEngineNameWithServiceNameAsFirstAlias() {
    ServiceSpec web = service("web").withNetworks(Map.of(
        "front", new ServiceNetwork(List.of("www")), "shared", ServiceNetwork.PLAIN));

    ContainerSpec spec = EngineSpecs.forSlot(stackWith(web), web, 1);

    assertThat(spec.networkMode()).isNull();
    assertThat(spec.networks()).containsExactly(
        new NetworkAttachment("shop_front", List.of("web", "www")),
        new NetworkAttachment("corp-net", List.of("web")));
  }

  @Test
  void serviceWithoutNetworksJoinsTheDefaultNetwork() {
    ServiceSpec web = service("web");
    Stack stack = new Stack("shop", Map.of("web", web), Map.of(), Map.of());

    assertThat(EngineSpecs.forSlot(stack, web, 1).networks())
        .containsExactly(new NetworkAttachment("shop_default", List.of("web")));
    assertThat(EngineSpecs.stackNetworks(stack)).containsOnlyKeys("default");
  }

  @Test
  void networkModeHostJoinsNoStackNetwork() {
    ServiceSpec web = service("web").withNetworkMode("host");

    ContainerSpec spec = EngineSpecs.forSlot(stackWith(web), web, 1);

    assertThat(spec.networkMode()).isEqualTo("host");
    assertThat(spec.networks()).isEmpty();
  }

  @Test
  void namedVolumesGetStackPrefixAndOtherMountsStayAsWritten() {
    ServiceSpec db = service("db").withVolumes(List.of(
        new MountSpec(MountSpec.Type.VOLUME, "data", "/var/lib/db", false, null),
        new MountSpec(MountSpec.Type.VOLUME, "backups", "/backups", true, null),
        new MountSpec(MountSpec.Type.BIND, "/etc/db.conf", "/etc/db.conf", true, null),
        new MountSpec(MountSpec.Type.TMPFS, null, "/tmp", false, 1024L),
        new MountSpec(MountSpec.Type.VOLUME, null, "/cache", false, null)));

    assertThat(EngineSpecs.forSlot(stackWith(db), db, 1).mounts()).extracting(MountSpec::source)
        .containsExactly("shop_data", "corp-backups", "/etc/db.conf", null, null);
  }

  @Test
  void publishedPortsOfSeveralReplicasGoToTheIngress() {
    ServiceSpec web = service("web").withPorts(List.of(new PortSpec(null, 8080, 80, "tcp"))).withReplicas(2);

    ContainerSpec spec = EngineSpecs.forSlot(stackWith(web), web, 1);

    assertThat(spec.ports()).isEmpty();
    assertThat(spec.exposedPorts()).containsExactly("80/tcp");
    assertThat(EngineSpecs.forSlot(stackWith(web.withReplicas(1)), web.withReplicas(1), 1).ports())
        .containsExactly(new PortSpec(null, 8080, 80, "tcp"));
  }

  @Test
  void networksAndVolumesCarryStackLabels() {
    Stack stack = stackWith(service("web"));

    NetworkCreate network = EngineSpecs.forNetwork(stack, NetworkSpec.bridge("front"));
    VolumeCreate volume = EngineSpecs.forVolume(stack, VolumeSpec.local("data"));

    assertThat(network.name()).isEqualTo("shop_front");
    assertThat(network.labels()).contains(entry(Labels.MANAGED, "true"), entry(Labels.STACK, "shop"),
        entry(Labels.COMPOSE_PROJECT, "shop"), entry(Labels.COMPOSE_NETWORK, "front"));
    assertThat(volume.name()).isEqualTo("shop_data");
    assertThat(volume.labels()).contains(entry(Labels.MANAGED, "true"), entry(Labels.STACK, "shop"),
        entry(Labels.COMPOSE_PROJECT, "shop"), entry(Labels.COMPOSE_VOLUME, "data"));
  }
}
