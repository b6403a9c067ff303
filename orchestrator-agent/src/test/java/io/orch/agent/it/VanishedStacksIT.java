package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestImages;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackSummaryDto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `orch ls` (and the API and page behind it) lists what the engine holds: a stack removed by another agent on the same
 * engine, or removed by `orch down -p` as an unmanaged stack, leaves the list by the next resync at the latest (5s in
 * tests), not when the agent stops.
 */
class VanishedStacksIT extends AgentItBase {
  private static final String TWO_REPLICAS = """
      services:
        web:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          deploy: {replicas: 2}
      """;

  @Test
  void anotherAgentsStackLeavesTheListOnceItIsRemoved() throws Exception {
    try (AgentProcess other = AgentProcess.start()) {
      String theirs = stack + "b";
      try {
        other.client().submit(theirs, TWO_REPLICAS.replace("IMAGE", image).getBytes(StandardCharsets.UTF_8),
            "application/yaml", false);
        await("the other agent's stack runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> other.client().services(theirs).stream()
                .allMatch(s -> s.state() == ServiceStatusDto.State.RUNNING && s.running() == 2));
        await("listed here as unmanaged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> summary(theirs).filter(s -> s.status() == StackSummaryDto.Status.UNMANAGED && s.running() == 2).isPresent());

        other.client().delete(theirs, true);
        await("removed by its agent").atMost(Duration.ofSeconds(60)).until(() -> other.client().stack(theirs).isEmpty());

        // The engine holds nothing of it: neither the list, nor the stack's own read, nor the containers say otherwise.
        await("gone from this agent's list").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
            .until(() -> summary(theirs).isEmpty());
        assertThat(client().stack(theirs)).isEmpty();
        assertThat(client().containers(theirs, null)).isEmpty();
        // ...and it stays gone over the next resyncs.
        await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(summary(theirs)).isEmpty();
      } finally {
        TestImages.removeByLabel("io.orch.stack", theirs);
      }
    }
  }

  @Test
  void anUnmanagedStackRemovedWithDownLeavesTheList() throws Exception {
    String theirs = stack + "c";
    try {
      try (AgentProcess other = AgentProcess.start()) {
        other.client().submit(theirs, TWO_REPLICAS.replace("IMAGE", image).getBytes(StandardCharsets.UTF_8),
            "application/yaml", false);
        await("the other agent's stack runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> other.client().services(theirs).stream()
                .allMatch(s -> s.state() == ServiceStatusDto.State.RUNNING && s.running() == 2));
      } // its agent stops; its containers run on, a stack nobody holds
      await("listed here as unmanaged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> summary(theirs).filter(s -> s.status() == StackSummaryDto.Status.UNMANAGED).isPresent());

      client().delete(theirs, false); // what `orch down -p` sends

      await("gone from the list").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> summary(theirs).isEmpty());
      assertThat(docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(java.util.Map.of("io.orch.stack", theirs)).exec()).isEmpty();
      await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() -> true);
      assertThat(summary(theirs)).isEmpty();
      assertThat(client().stack(theirs)).isEmpty();
    } finally {
      TestImages.removeByLabel("io.orch.stack", theirs);
    }
  }

  private static java.util.Optional<StackSummaryDto> summary(String name) {
    List<StackSummaryDto> all = client().stacks();
    return all.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
