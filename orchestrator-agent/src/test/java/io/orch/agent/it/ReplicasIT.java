package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicasIT extends AgentItBase {
  private static final String WEB = """
      services:
        web:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          deploy:
            replicas: 3
      """;

  @Test
  void convergesFromEmptyToDeclaredReplicasWithLabels() {
    submit(WEB);
    awaitConverged(Duration.ofSeconds(60));

    List<Container> web = containers("web");
    assertThat(web).extracting(AgentItBase::name)
        .containsExactly(stack + "-web-1", stack + "-web-2", stack + "-web-3");
    assertThat(web).allSatisfy(c -> {
      assertThat(c.getState()).isEqualTo("running");
      assertThat(c.getLabels()).containsEntry("io.orch.managed", "true").containsEntry("io.orch.stack", stack)
          .containsEntry("io.orch.service", "web").containsKey("io.orch.spec-hash")
          .containsEntry("com.docker.compose.project", stack).containsEntry("com.docker.compose.service", "web")
          .containsEntry("com.docker.compose.oneoff", "False");
    });
    assertThat(web).extracting(c -> c.getLabels().get("io.orch.slot")).containsExactly("1", "2", "3");
    InspectContainerResponse inspect = docker.inspectContainerCmd(web.get(0).getId()).exec();
    assertThat(inspect.getHostConfig().getRestartPolicy().getName())
        .as("orch owns restarts: the engine's policy is no").isIn("no", "", null);
    assertThat(service("web").running()).isEqualTo(3);
  }

  @Test
  void scalesUpAndDownRemovingHighestSlotsFirst() {
    submit(WEB);
    awaitConverged(Duration.ofSeconds(60));
    String slot1 = containers("web").get(0).getId();

    client().scale(stack, "web", 5);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(containers("web")).extracting(c -> c.getLabels().get("io.orch.slot"))
            .containsExactlyInAnyOrder("1", "2", "3", "4", "5"));
    awaitConverged(Duration.ofSeconds(60));

    client().scale(stack, "web", 2);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(containers("web")).extracting(AgentItBase::name)
            .containsExactly(stack + "-web-1", stack + "-web-2"));
    assertThat(containers("web").get(0).getId()).as("slot 1 is kept, not recreated").isEqualTo(slot1);
  }

  @Test
  void restartsAReplicaKilledWithSigkillAndCountsTheRestart() throws Exception {
    submit(WEB);
    awaitConverged(Duration.ofSeconds(60));
    Container victim = containers("web").get(1);
    long pid = docker.inspectContainerCmd(victim.getId()).exec().getState().getPidLong();

    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();

    await("killed replica runs again").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var state = docker.inspectContainerCmd(victim.getId()).exec().getState();
      assertThat(state.getRunning()).isTrue();
      assertThat(state.getPidLong()).isNotEqualTo(pid);
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(service("web").restarts()).isEqualTo(1);
      assertThat(service("web").containers()).filteredOn(c -> c.name().equals(name(victim)))
          .singleElement().satisfies(c -> assertThat(c.restarts()).isEqualTo(1));
    });
    assertThat(containers("web")).hasSize(3);
  }
}
