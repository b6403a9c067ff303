package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Container;
import io.orch.cli.OrchCommand;
import io.orch.agent.testing.Scrape;
import io.orch.api.client.OrchClient;
import io.orch.api.client.OrchClientException;
import io.orch.api.dto.AutoscaleStatusDto;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.ServiceStatusDto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Autoscaling against the real engine: a replica kept busy (a shell loop that spins while /tmp/busy exists, toggled
 * with docker exec) makes the service scale up; once the file is gone and the (test-shortened) scale-down window has
 * passed, it scales back down. The agent measures every 2 s instead of 15 s. Its own agent, for that period.
 */
@AgentArgs({"--autoscale-every", "2s"})
class AutoscaleIT extends AgentItBase {
  /** Spins while /tmp/busy exists (a CPU loop capped at 0.5 CPU by the limit), else idles. */
  private static final String STACK = """
      services:
        work:
          image: IMAGE
          command: ["sh", "-c", "while :; do if [ -f /tmp/busy ]; then :; else sleep 1; fi; done"]
          stop_grace_period: 1s
          deploy:
            replicas: 1
            resources:
              limits: {cpus: "0.5"}
              reservations: {cpus: "0.25"}
          x-orch:
            autoscale:
              min: 1
              max: 3
              cpu: 50%
              scale_up: {stabilization: 0s, max_step: 4, period: 2s}
              scale_down: {stabilization: 6s, period: 2s}
      """;

  @Test
  void busyReplicaScalesTheServiceUpAndIdleReplicasScaleItBackDownAfterTheWindow() throws Exception {
    List<EventDto> autoscaled = new CopyOnWriteArrayList<>();
    Thread follower = new Thread(() -> {
      try {
        agent.client().streamEvents(0, stack, "work", "service.autoscaled", e -> autoscaled.add(e));
      } catch (RuntimeException e) {
        // the agent stops at the end of the class
      }
    }, "autoscaled-events");
    follower.setDaemon(true);
    follower.start();
    OrchClient client = agent.client();
    client.submit(stack, STACK.replace("IMAGE", image).getBytes(StandardCharsets.UTF_8), "application/yaml", false);
    await().atMost(Duration.ofSeconds(60)).until(() -> running().size() == 1);

    // Idle: measured (the status shows a utilisation), and within range nothing moves.
    await("first measurement").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      AutoscaleStatusDto a = status().autoscale();
      assertThat(a).isNotNull();
      assertThat(a.metrics()).singleElement().satisfies(m -> {
        assertThat(m.metric()).isEqualTo("cpu");
        assertThat(m.target()).isEqualTo(0.5);
        assertThat(m.utilization()).isNotNull();
      });
    });
    assertThat(status().desired()).isEqualTo(1);
    assertThat(status().autoscale().min()).isEqualTo(1);
    assertThat(status().autoscale().max()).isEqualTo(3);

    // Load: 0.5 CPU of a 0.25 reservation is 200% of a 50% target: scale up to max.
    exec(running().get(0).getId(), "touch", "/tmp/busy");
    await("scaled up to 3").atMost(Duration.ofSeconds(90)).until(() -> running().size() == 3);
    assertThat(status().desired()).isEqualTo(3);
    assertThat(status().autoscale().desiredReplicas()).isEqualTo(3);
    // The stack list carries it too (`orch ls` needs no request per stack).
    assertThat(client.stacks()).filteredOn(s -> s.name().equals(stack)).singleElement()
        .satisfies(s -> assertThat(s.autoscale()).containsOnlyKeys("work")
            .hasEntrySatisfying("work", a -> assertThat(a.desiredReplicas()).isEqualTo(3)));
    CommandLine ls = OrchCommand.commandLine();
    StringWriter lsOut = new StringWriter();
    ls.setOut(new PrintWriter(lsOut));
    assertThat(ls.execute("ls", "--addr", agent.addr())).isZero();
    assertThat(lsOut.toString()).containsPattern(stack + " .* work: cpu \\d+%/50% -> 3 \\[1-3\\]");
    // A first period that saw only part of the load may take a step to 2 first; either way only upward steps.
    await().atMost(Duration.ofSeconds(30)).until(() -> autoscaled.stream().anyMatch(e -> e.message().endsWith("-> 3")));
    assertThat(autoscaled.get(0).message()).matches("cpu \\d+% of 50% target.*: 1 -> [23]");
    assertThat(autoscaled).allSatisfy(e -> assertThat(e.reason()).isEqualTo("up"));
    int ups = autoscaled.size();
    Scrape loaded = Scrape.of(agent.addr());
    assertThat(loaded.value(series("orch_service_autoscale_desired_replicas", ""))).isEqualTo(3.0);
    assertThat(loaded.value(series("orch_service_autoscale_utilization_ratio", "metric=\"cpu\",")))
        .as("utilisation of the last decision").isNotNull();
    assertThat(loaded.value(series("orch_service_autoscale_target_ratio", "metric=\"cpu\","))).isEqualTo(0.5);

    // A plain scale fights the autoscaler: refused with the range and the count; a pin is honoured.
    assertThatThrownBy(() -> client.scale(stack, "work", 2)).isInstanceOf(OrchClientException.class)
        .satisfies(e -> assertThat(((OrchClientException) e).status()).isEqualTo(409))
        .hasMessageContaining("autoscaled between 1 and 3").hasMessageContaining("--pin");

    // Load gone: the recommendation drops to 1, held by the 6 s scale-down window, then acted on.
    for (Container c : running()) {
      exec(c.getId(), "rm", "-f", "/tmp/busy");
    }
    await("scaled back down to 1").atMost(Duration.ofSeconds(90)).until(() -> running().size() == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> autoscaled.stream().anyMatch(e -> e.message().endsWith("-> 1")));
    List<EventDto> downs = autoscaled.subList(ups, autoscaled.size());
    assertThat(downs).as("no flapping: after the last step up, only steps down").isNotEmpty()
        .allSatisfy(e -> assertThat(e.reason()).isEqualTo("down"));
    assertThat(downs.get(0).message()).matches("cpu \\d+% of 50% target.*: 3 -> [12]");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Scrape.of(agent.addr())
        .value(series("orch_service_autoscale_desired_replicas", ""))).isEqualTo(1.0));
    assertThat(status().desired()).isEqualTo(1);
  }

  @Test
  void pinFixesTheCountUntilTheStackIsSubmittedAgainAndTheCountSurvivesAnAgentRestart() throws Exception {
    OrchClient client = agent.client();
    byte[] file = STACK.replace("IMAGE", image).getBytes(StandardCharsets.UTF_8);
    client.submit(stack, file, "application/yaml", false);
    await().atMost(Duration.ofSeconds(60)).until(() -> running().size() == 1);

    ServiceStatusDto pinned = client.scale(stack, "work", 2, true);
    assertThat(pinned.autoscale().pinned()).isTrue();
    assertThat(pinned.autoscale().min()).isEqualTo(2);
    assertThat(pinned.autoscale().max()).isEqualTo(2);
    await("pinned at 2").atMost(Duration.ofSeconds(60)).until(() -> running().size() == 2);

    // The pin is stored: a restarted agent keeps 2 replicas, though idle replicas would otherwise go to min 1.
    agent.stop();
    java.time.Instant restarted = java.time.Instant.now();
    agent.restart();
    await("a decision of the restarted agent").atMost(Duration.ofSeconds(60)).until(() -> {
      AutoscaleStatusDto a = status().autoscale();
      return a.decidedAt() != null && a.decidedAt().isAfter(restarted);
    });
    assertThat(status().autoscale().reason()).endsWith("2 kept");
    assertThat(running()).hasSize(2);
    assertThat(agent.client().service(stack, "work").orElseThrow().autoscale().pinned()).isTrue();

    // Submitting the file again brings its autoscale block back: idle, back to min.
    agent.client().submit(stack, file, "application/yaml", false);
    await("back to the file's rule, idle: min 1").atMost(Duration.ofSeconds(60))
        .until(() -> running().size() == 1);
    assertThat(agent.client().service(stack, "work").orElseThrow().autoscale().pinned()).isFalse();
  }

  private ServiceStatusDto status() {
    return agent.client().service(stack, "work").orElseThrow();
  }

  private String series(String name, String extraLabels) {
    return name + "{" + extraLabels + "service=\"work\",stack=\"" + stack + "\"}";
  }

  private List<Container> running() {
    return docker.listContainersCmd()
        .withLabelFilter(Map.of("io.orch.managed", "true", "io.orch.stack", stack, "io.orch.service", "work"))
        .exec();
  }

  private static void exec(String container, String... cmd) throws InterruptedException {
    ExecCreateCmdResponse created = docker.execCreateCmd(container).withCmd(cmd).exec();
    docker.execStartCmd(created.getId()).start().awaitCompletion();
  }
}
