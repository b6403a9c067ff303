package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.CreateContainerResponse;
import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.Scrape;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.ServiceStatusDto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An agent does nothing it does not have to: health-check probes wake no pass, a stack another agent manages on the
 * same engine gets no pass and no event here, and a create refused because a foreign container holds the name is
 * retried with growing delays.
 */
class QuietAgentIT extends AgentItBase {
  private static final String PASSES = "orch_reconcile_total";

  @Test
  void healthProbesAndAnotherAgentsStackWakeNoPass() throws Exception {
    try (AgentProcess other = AgentProcess.start()) {
      String theirs = stack + "b";
      try {
        other.client().submit(theirs, ("""
            services:
              web:
                image: IMAGE
                command: ["sleep", "3600"]
                stop_grace_period: 1s
                deploy: {replicas: 3}
                healthcheck: {test: ["CMD", "true"], interval: 1s, timeout: 2s, retries: 3}
            """).replace("IMAGE", image).getBytes(), "application/yaml", false);
        await("the other agent's stack is healthy").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> other.client().services(theirs).stream()
                .allMatch(s -> s.state() == ServiceStatusDto.State.RUNNING && s.healthy() == 3));
        Thread.sleep(2000); // let the passes of the start-up settle

        double ownBefore = passes(other);
        double hereBefore = passes(agent);
        Thread.sleep(10_000); // 3 replicas probed every second: 90 exec events, ~30 probes
        double ownPasses = passes(other) - ownBefore;
        double herePasses = passes(agent) - hereBefore;

        // The owner resyncs every 5s in tests: two or three passes, none for the probes.
        assertThat(ownPasses).as("passes of the owning agent in 10s of health probes").isLessThanOrEqualTo(4);
        assertThat(herePasses).as("passes of an agent that does not hold the stack").isZero();
        assertThat(eventsOf(agent, theirs)).as("events here about the other agent's stack").isEmpty();
        // ...which is still listed here, as unmanaged (DESIGN "Stacks").
        await().atMost(Duration.ofSeconds(15)).until(() -> client().stacks().stream()
            .anyMatch(s -> s.name().equals(theirs) && s.status() == StackSummaryDto.Status.UNMANAGED));
      } finally {
        other.client().delete(theirs, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> other.client().stack(theirs).isEmpty());
        io.orch.agent.testing.TestImages.removeByLabel("io.orch.stack", theirs);
      }
    }
  }

  @Test
  void aForeignContainerHoldingTheNameIsRetriedWithGrowingDelays() throws Exception {
    CreateContainerResponse foreign = docker.createContainerCmd(image).withName(stack + "-web-1")
        .withCmd("sleep", "3600").exec();
    try {
      submit("""
          services:
            web:
              image: IMAGE
              command: ["sleep", "3600"]
          """);
      List<Instant> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader = new Thread(() -> {
        try {
          client().streamEvents(0, stack, null, "action.failed", e -> {
            failures.add(e.time());
            return !stop.get();
          });
        } catch (RuntimeException ignored) {
          // the agent closes the stream when the test ends
        }
      });
      reader.setDaemon(true);
      reader.start();
      Thread.sleep(20_000);
      stop.set(true);

      assertThat(service("web").lastError()).contains("name clash").contains("docker rm -f " + stack + "-web-1");
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < failures.size(); i++) {
        gaps.add(Duration.between(failures.get(i - 1), failures.get(i)).toMillis());
      }
      // 0.2s, 0.4s, 0.8s... doubling (resyncs every 5s may add a try): not one try every 2s.
      assertThat(failures).as("tries in 20s, gaps " + gaps).hasSizeBetween(4, 12);
      assertThat(gaps.stream().mapToLong(Long::longValue).max().orElse(0)).as("gaps " + gaps)
          .isGreaterThan(3000);
      assertThat(gaps.get(0)).as("gaps " + gaps).isLessThan(1500);
    } finally {
      docker.removeContainerCmd(foreign.getId()).withForce(true).exec();
    }
  }

  private static double passes(AgentProcess a) {
    Scrape s = Scrape.of(a.addr());
    return s.samples().entrySet().stream().filter(e -> e.getKey().startsWith(PASSES + "{"))
        .mapToDouble(java.util.Map.Entry::getValue).sum();
  }

  /** Every event the agent has recorded about {@code stack} (its history, read for two seconds). */
  private static List<EventDto> eventsOf(AgentProcess a, String stack) throws InterruptedException {
    List<EventDto> seen = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try {
        a.client().streamEvents(0, stack, null, null, e -> {
          seen.add(e);
          return true;
        });
      } catch (RuntimeException ignored) {
        // ends with the agent
      }
    });
    reader.setDaemon(true);
    reader.start();
    Thread.sleep(2000);
    return List.copyOf(seen);
  }
}
