package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import io.orch.api.dto.SubmitResultDto;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec changes, agent crashes, `orch down`, and name clashes with foreign containers. */
class LifecycleIT extends AgentItBase {
  private static String app(String greeting) {
    return """
        services:
          app:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            environment:
              GREETING: %s
            volumes: ["data:/data"]
            deploy:
              replicas: 2
        volumes:
          data: {}
        """.formatted(greeting);
  }

  @Test
  void aChangedEnvironmentValueReplacesTheContainers() {
    submit(app("hello"));
    awaitConverged(Duration.ofSeconds(60));
    List<String> before = containers("app").stream().map(Container::getId).toList();

    SubmitResultDto result = submit(app("bonjour"));
    assertThat(result.changed()).isTrue();

    await("containers replaced").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      List<Container> now = containers("app");
      assertThat(now).hasSize(2).noneMatch(c -> before.contains(c.getId()));
      assertThat(now).allSatisfy(c -> assertThat(Arrays.asList(docker.inspectContainerCmd(c.getId()).exec()
          .getConfig().getEnv())).contains("GREETING=bonjour"));
    });
    awaitConverged(Duration.ofSeconds(60));
  }

  @Test
  void resubmittingAnUnchangedStackChangesNothing() {
    submit(app("hello"));
    awaitConverged(Duration.ofSeconds(60));
    List<String> before = containers("app").stream().map(Container::getId).toList();

    SubmitResultDto again = submit(app("hello"));
    assertThat(again.changed()).isFalse();
    assertThat(again.actions()).isEmpty();
    assertThat(containers("app").stream().map(Container::getId).toList()).isEqualTo(before);
  }

  @Test
  void anAgentKilledWithSigkillAdoptsEverythingAndCreatesNothingTwice() throws Exception {
    submit(app("hello"));
    awaitConverged(Duration.ofSeconds(60));
    List<String> before = containers("app").stream().map(Container::getId).sorted().toList();

    agent.kill9();
    assertThat(containers("app")).as("containers keep running without the agent")
        .allMatch(c -> "running".equals(c.getState()));
    int logMark = agent.logText().length();
    agent.restart();

    awaitConverged(Duration.ofSeconds(60));
    assertThat(containers("app").stream().map(Container::getId).sorted().toList()).isEqualTo(before);
    assertThat(agent.logText().substring(logMark)).doesNotContain("created and started");
  }

  @Test
  void stoppingTheAgentWithSigtermLeavesContainersRunning() throws Exception {
    submit(app("hello"));
    awaitConverged(Duration.ofSeconds(60));
    List<String> before = containers("app").stream().map(Container::getId).sorted().toList();

    agent.stop();
    assertThat(containers("app")).hasSize(2).allMatch(c -> "running".equals(c.getState()));
    agent.restart();

    awaitConverged(Duration.ofSeconds(60));
    assertThat(containers("app").stream().map(Container::getId).sorted().toList()).isEqualTo(before);
  }

  @Test
  void downRemovesContainersAndNetworksButKeepsNamedVolumesUnlessAsked() {
    submit(app("hello"));
    awaitConverged(Duration.ofSeconds(60));

    client().delete(stack, false);
    await().atMost(Duration.ofSeconds(60)).until(() -> client().stack(stack).isEmpty());
    assertThat(containers()).isEmpty();
    assertThat(networks()).isEmpty();
    assertThat(volumes()).extracting(InspectVolumeResponse::getName).containsExactly(stack + "_data");

    submit(app("hello"));
    awaitConverged(Duration.ofSeconds(60));
    client().delete(stack, true);
    await().atMost(Duration.ofSeconds(60)).until(() -> client().stack(stack).isEmpty());
    assertThat(volumes()).isEmpty();
  }

  @Test
  void aForeignContainerHoldingAClashingNameIsLeftUntouchedAndReported() {
    CreateContainerResponse foreign = docker.createContainerCmd(image).withName(stack + "-app-1")
        .withCmd("sleep", "3600").exec();
    try {
      submit(app("hello"));
      await("clash reported").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(service("app").lastError()).contains("name clash").contains(stack + "-app-1"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(containers("app")).extracting(AgentItBase::name).containsExactly(stack + "-app-2"));
      var inspect = docker.inspectContainerCmd(foreign.getId()).exec();
      assertThat(inspect.getState().getStatus()).as("never started or touched").isEqualTo("created");
      assertThat(inspect.getConfig().getLabels()).doesNotContainKey("io.orch.managed");
    } finally {
      docker.removeContainerCmd(foreign.getId()).withForce(true).exec();
    }
  }

  @Test
  void aMissingImageUnderPullPolicyNeverIsAClearServiceErrorAndCreatesNothing() {
    client().submit(stack, """
        services:
          ghost:
            image: orch-test/absent:1
            pull_policy: never
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/yaml", false);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(service("ghost").lastError()).contains("orch-test/absent:1").contains("pull_policy is never"));
    assertThat(containers()).isEmpty();
  }

  private List<Network> networks() {
    return docker.listNetworksCmd().withFilter("label", List.of("io.orch.stack=" + stack)).exec();
  }

  private List<InspectVolumeResponse> volumes() {
    List<InspectVolumeResponse> v = docker.listVolumesCmd().withFilter("label", List.of("io.orch.stack=" + stack)).exec()
        .getVolumes();
    return v == null ? List.of() : v;
  }
}
