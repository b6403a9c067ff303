package io.orch.agent.it;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.TestDocker;
import io.orch.agent.testing.TestImages;
import io.orch.api.client.OrchClient;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.SubmitResultDto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Shared set-up of the agent integration tests: one real agent process per class against the real engine, one
 * unique stack name per test, and clean-up by label afterwards (through the agent first, so it does not recreate
 * what the clean-up removes).
 */
abstract class AgentItBase {
  static AgentProcess agent;
  static DockerClient docker;
  static String image;
  String stack;

  /** One agent for the class, with the options of the class's {@link AgentArgs}, if it has one. */
  @BeforeAll
  static void startAgent(TestInfo info) {
    TestImages.requireEngine();
    image = TestImages.busybox();
    docker = TestDocker.client();
    String[] agentArgs = info.getTestClass().map(c -> c.getAnnotation(AgentArgs.class)).map(AgentArgs::value)
        .orElse(new String[0]);
    agent = AgentProcess.start(agentArgs);
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }

  @BeforeEach
  void newStackName() {
    stack = "it" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() {
    try {
      OrchClient c = agent.client();
      if (c.stack(stack).isPresent()) {
        c.delete(stack, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> c.stack(stack).isEmpty());
      }
    } catch (RuntimeException e) {
      System.err.println("clean-up through the agent failed: " + e.getMessage());
    } finally {
      TestImages.removeByLabel("io.orch.stack", stack);
    }
  }

  static OrchClient client() {
    return agent.client();
  }

  SubmitResultDto submit(String yaml) {
    return client().submit(stack, yaml.replace("IMAGE", image).getBytes(StandardCharsets.UTF_8), "application/yaml",
        false);
  }

  /** The stack's containers on the engine, running or not, ordered by name. */
  List<Container> containers() {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.orch.managed", "true", "io.orch.stack", stack)).exec().stream()
        .sorted(Comparator.comparing(c -> c.getNames()[0])).toList();
  }

  List<Container> containers(String service) {
    return containers().stream().filter(c -> service.equals(c.getLabels().get("io.orch.service"))).toList();
  }

  static String name(Container c) {
    return c.getNames()[0].substring(1);
  }

  /**
   * Adds to {@code starts} the engine's time of each start of a container of this test's stack, until closed: what
   * restart tests count and measure gaps between.
   */
  java.io.Closeable recordStarts(List<java.time.Instant> starts) {
    return docker.eventsCmd().withLabelFilter("io.orch.stack=" + stack).withEventFilter("start")
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Event>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Event e) {
            synchronized (starts) {
              starts.add(java.time.Instant.ofEpochSecond(0, e.getTimeNano()));
            }
          }
        });
  }

  ServiceStatusDto service(String service) {
    return client().service(stack, service).orElseThrow();
  }

  void awaitConverged(Duration atMost) {
    await("stack " + stack + " converged").atMost(atMost).pollInterval(Duration.ofMillis(250))
        .until(() -> client().services(stack).stream().allMatch(s -> s.state() == ServiceStatusDto.State.RUNNING));
  }
}
