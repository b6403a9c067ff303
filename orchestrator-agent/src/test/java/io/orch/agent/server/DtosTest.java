package io.orch.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.ServiceTopologyDto;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stack topology the web page draws its port column and start order from. */
class DtosTest {
  @Test
  void topologyWritesPortsAsDockerPsDoesAndKeepsEachDependencyCondition() {
    LoadResult loaded = new StackLoader(Map.of()).loadText("""
        services:
          db:
            image: busybox
          api:
            image: busybox
            ports: ["127.0.0.1:8080:80", "9000-9002:90", "7000/udp"]
            depends_on:
              db: {condition: service_healthy}
          web:
            image: busybox
            depends_on: [api]
        """, "stack.yml", null, "shop", Set.of());
    assertThat(loaded.ok()).as(String.valueOf(loaded.diagnostics())).isTrue();

    List<ServiceTopologyDto> topology = Dtos.topology(loaded.stack());

    assertThat(topology).extracting(ServiceTopologyDto::service).containsExactly("api", "db", "web");
    assertThat(topology.get(0).ports()).containsExactly("127.0.0.1:8080->80/tcp", "9000-9002->90/tcp", "7000/udp");
    assertThat(topology.get(0).dependsOn()).isEqualTo(Map.of("db", "service_healthy"));
    assertThat(topology.get(1).ports()).isEmpty();
    assertThat(topology.get(1).dependsOn()).isEmpty();
    assertThat(topology.get(2).dependsOn()).isEqualTo(Map.of("api", "service_started"));
  }
}
