package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.core.model.NetworkSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkIpamMappingTest {
  @Test
  void poolsAuxAddressesAndOptionsAreInTheJsonSentToTheEngine() throws Exception {
    NetworkSpec.Ipam ipam = new NetworkSpec.Ipam("default", List.of(
        new NetworkSpec.IpamPool("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254", Map.of("host1", "172.28.1.5"))),
        Map.of("foo", "bar"));

    JsonNode json = new ObjectMapper().valueToTree(NetworkIpamMapping.ipam(ipam));

    assertThat(json.get("Driver").asText()).isEqualTo("default");
    assertThat(json.get("Options").get("foo").asText()).isEqualTo("bar");
    JsonNode pool = json.get("Config").get(0);
    assertThat(pool.get("Subnet").asText()).isEqualTo("172.28.0.0/16");
    assertThat(pool.get("IPRange").asText()).isEqualTo("172.28.5.0/24");
    assertThat(pool.get("Gateway").asText()).isEqualTo("172.28.5.254");
    assertThat(pool.get("AuxiliaryAddresses").get("host1").asText()).isEqualTo("172.28.1.5");
  }

  @Test
  void noIpamLeavesTheEngineToAssignAddresses() {
    assertThat(NetworkIpamMapping.ipam(null)).isNull();
  }
}
