package io.orch.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.status.StackPhase;
import io.orch.api.dto.DependencyWaitDto;
import io.orch.api.dto.RestartDto;
import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.ServiceTopologyDto;
import io.orch.api.dto.WireJson;
import io.orch.core.model.Dependency;
import io.orch.core.plan.DependencyWait;
import io.orch.core.restart.RestartDecision;
import io.orch.core.restart.RestartReason;
import io.orch.core.rollout.RolloutPhase;
import io.orch.core.rollout.RolloutState;
import java.time.Duration;
import java.time.Instant;
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

  @Test
  void everyStackPhaseGoesOnTheWireAsItsOwnWord() {
    for (StackPhase phase : StackPhase.values()) {
      assertThat(WireJson.strictMapper().valueToTree(Dtos.status(phase)).asText()).isEqualTo(phase.wire());
    }
  }

  @Test
  void everyRolloutPhaseGoesOnTheWireAsItsOwnWord() {
    for (RolloutPhase phase : RolloutPhase.values()) {
      RolloutDto dto = Dtos.rolloutState(new RolloutState("h", phase, 0, 1, List.of(), null, Instant.EPOCH));
      assertThat(WireJson.strictMapper().valueToTree(dto).get("phase").asText()).isEqualTo(phase.wire());
    }
  }

  @Test
  void aWaitingRestartGoesOnTheWireAsItsFactsAndItsWords() {
    Instant due = Instant.parse("2026-01-01T00:00:04Z");
    RestartDecision wait = RestartDecision.waitFor(Duration.ofSeconds(4), RestartReason.OOM, 137, 3, false);

    RestartDto dto = Dtos.restart(wait, due);

    assertThat(dto).isEqualTo(new RestartDto(RestartDto.Decision.WAIT, RestartDto.Reason.OOM, 137, 3, due,
        "exited 137 (oom), restart 3 in 4s"));
    assertThat(WireJson.strictMapper().valueToTree(dto).get("decision").asText()).isEqualTo("wait");
  }

  @Test
  void aDependencyWaitGoesOnTheWireWithItsCondition() {
    assertThat(Dtos.waitFor(new DependencyWait("db", Dependency.Condition.SERVICE_HEALTHY)))
        .isEqualTo(new DependencyWaitDto("db", "service_healthy"));
    assertThat(Dtos.waitFor(new DependencyWait("db", null))).isEqualTo(new DependencyWaitDto("db", null));
  }
}
