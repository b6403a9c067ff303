package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.NetworkSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Network ipam, enable_ipv6, attachable, and name: of networks and volumes orch creates. */
class NetworkKeysTest {
  private static final String FILE = """
      services:
        web: {image: busybox:1.36, networks: [front], volumes: ["data:/data"]}
      networks:
        front:
          name: shared-front
          attachable: true
          enable_ipv6: true
          ipam:
            driver: default
            config:
              - {subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.5.254,
                 aux_addresses: {host1: 172.28.1.5}}
              - {subnet: "fd00:28::/64"}
            options: {foo: bar}
      volumes:
        data: {name: shared-data}
      """;

  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  @Test
  void readsIpamAndTheFlags() {
    LoadResult r = load(FILE);
    assertThat(r.diagnostics()).isEmpty();
    NetworkSpec front = r.stack().networks().get("front");

    assertThat(front.attachable()).isTrue();
    assertThat(front.enableIpv6()).isTrue();
    assertThat(front.ipam()).isEqualTo(new NetworkSpec.Ipam("default", List.of(
        new NetworkSpec.IpamPool("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254", Map.of("host1", "172.28.1.5")),
        new NetworkSpec.IpamPool("fd00:28::/64", null, null, null)), Map.of("foo", "bar")));
  }

  @Test
  void nameGivesTheEngineObjectThatNameAndOrchStillCreatesIt() {
    Stack stack = load(FILE).stack();
    NetworkSpec front = stack.networks().get("front");

    assertThat(front.external()).isFalse();
    assertThat(EngineSpecs.engineName(stack, "front")).isEqualTo("shared-front");
    assertThat(EngineSpecs.forNetwork(stack, front).name()).isEqualTo("shared-front");
    assertThat(EngineSpecs.forNetwork(stack, front).ipam()).isEqualTo(front.ipam());
    assertThat(EngineSpecs.volumeEngineName(stack, "data")).isEqualTo("shared-data");
    assertThat(EngineSpecs.forSlot(stack, stack.service("web"), 1).networks().get(0).network())
        .isEqualTo("shared-front");
    assertThat(EngineSpecs.forSlot(stack, stack.service("web"), 1).mounts().get(0).source())
        .isEqualTo("shared-data");
  }

  @Test
  void orchConfigPrintsWhatLoadsBackEqual() {
    StackWriterTest.assertRoundTrips(load(FILE).stack(), Set.of());
  }

  @Test
  void aServiceTakesAFixedAddressOnANetwork() {
    LoadResult r = load("""
        services:
          web:
            image: busybox:1.36
            networks: {front: {ipv4_address: 172.28.5.10, ipv6_address: "fd00:28::10"}}
        networks:
          front: {enable_ipv6: true, ipam: {config: [{subnet: 172.28.0.0/16}, {subnet: "fd00:28::/64"}]}}
        """);
    assertThat(r.diagnostics()).isEmpty();
    var attachment = EngineSpecs.forSlot(r.stack(), r.stack().service("web"), 1).networks().get(0);

    assertThat(attachment.ipv4Address()).isEqualTo("172.28.5.10");
    assertThat(attachment.ipv6Address()).isEqualTo("fd00:28::10");
    StackWriterTest.assertRoundTrips(r.stack(), Set.of());
  }

  @Test
  void aFixedAddressWithSeveralReplicasIsAnError() {
    LoadResult r = load("""
        services:
          web:
            image: busybox:1.36
            scale: 2
            networks: {front: {ipv4_address: 172.28.5.10}}
        networks:
          front: {ipam: {config: [{subnet: 172.28.0.0/16}]}}
        """);

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.networks");
      assertThat(d.message()).contains("2 replicas");
    });
  }

  @Test
  void anIpv4AddressMustBeOne() {
    LoadResult r = load("services:\n  web:\n    image: x\n    networks: {n: {ipv4_address: \"fd00::1\"}}\n"
        + "networks:\n  n: {}\n");

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.networks.n.ipv4_address");
      assertThat(d.message()).contains("not an IPv4 address");
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ipam: {config: [{subnet: 172.28.0.0}]}|networks.n.ipam.config[0].subnet|not a subnet",
      "ipam: {config: [{subnet: 172.28.0.0/16, gateway: host.local}]}|networks.n.ipam.config[0].gateway|not an IP",
      "ipam: {config: {subnet: 10.0.0.0/8}}|networks.n.ipam.config|",
      "name: \"bad name\"|networks.n.name|",
  })
  void aBadValueIsAnErrorAtItsPath(String line, String path, String message) {
    LoadResult r = load("services:\n  web: {image: x, networks: [n]}\nnetworks:\n  n:\n    " + line + "\n");

    assertThat(r.errors()).as("errors of " + line).isNotEmpty();
    assertThat(r.errors().get(0).path()).isEqualTo(path);
    if (message != null) {
      assertThat(r.errors().get(0).message()).contains(message);
    }
  }
}
