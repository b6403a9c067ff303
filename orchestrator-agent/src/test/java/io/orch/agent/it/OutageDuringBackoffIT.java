package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.agent.testing.AgentProcess;
import io.orch.agent.testing.SecondEngine;
import io.orch.agent.testing.TestImages;
import io.orch.api.client.OrchClient;
import io.orch.api.dto.ServiceStatusDto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An engine outage during a restart backoff uses up no attempt (DESIGN "Restart": orch counts the restarts it
 * performs). A crash loop waits out its backoff; the engine is frozen (SIGSTOP) past the restart's due time and past
 * an engine call's deadline, so the agent's passes at the due time fail with "no answer from the Docker Engine"; once
 * the engine answers again (SIGCONT) the restart happens and counts once, not once per failed try. Runs against a
 * dockerd of its own ({@link SecondEngine}), so freezing it leaves the engine the other tests use alone.
 */
class OutageDuringBackoffIT {
  private static final String STACK = "h9gold-outage";
  private static final int PORT = 47401;
  /** An ordinary engine call's deadline (DockerEngineSettings.DEFAULTS), which the agent has no option to shorten. */
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
  private static final Duration MARGIN = Duration.ofSeconds(15);

  private static SecondEngine engine;
  private static AgentProcess agent;

  @BeforeAll
  static void startEngineAndAgent() {
    TestImages.requireEngine();
    String image = TestImages.busybox();
    // Not EngineStallIT's dir, bridge and subnet: a leftover of one never clashes with the other.
    engine = SecondEngine.start(Path.of("/tmp/h9gold-e"), "orchgold0", "172.31.251.1/24");
    engine.loadFromMainEngine(image);
    agent = AgentProcess.withEnvironment(Map.of("DOCKER_HOST", engine.host()), PORT, "127.0.0.1");
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (engine != null) {
        engine.thaw();
      }
      if (agent != null) {
        agent.close();
      }
    } finally {
      if (engine != null) {
        engine.close(); // SIGTERM: dockerd stops the stack's containers; then the bridge and the dirs go
      }
    }
  }

  @Test
  void anEngineOutageDuringBackoffUsesUpNoAttempt() throws Exception {
    Instant submitted = Instant.now();
    agent.client().submit(STACK, """
        services:
          crash:
            image: %s
            command: ["sh", "-c", "exit 3"]
            network_mode: none
            deploy:
              restart_policy: {condition: on-failure, max_attempts: 10}
            x-orch:
              backoff: {initial: 4s, max: 60s, reset_after: 60s}
        """.formatted(TestImages.BUSYBOX).getBytes(StandardCharsets.UTF_8), "application/yaml", false);

    // Restart 1 at once, restart 2 after 4 s; then restart 3 waits 8 s: freeze the engine inside that wait.
    ServiceStatusDto waiting = await("two restarts, then a backoff with a few seconds left (agent log: "
        + agent.log() + ")").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .until(this::crash, s -> s.restarts() >= 2 && s.state() == ServiceStatusDto.State.BACKING_OFF
            && s.backoffUntil() != null && s.backoffUntil().isAfter(Instant.now().plusSeconds(2)));
    int before = waiting.restarts();
    Instant due = waiting.backoffUntil();

    engine.freeze();
    Instant thawAt = due.plus(CALL_DEADLINE).plus(MARGIN);
    try {
      sleepUntil(thawAt);
    } finally {
      engine.thaw();
    }
    assertThat(failedPassesSince(due)).as("passes at or after the due time " + due + " that failed on the frozen"
        + " engine (agent log: " + agent.log() + ")").isNotEmpty();

    ServiceStatusDto restarted = await("the restart that was due, once the engine answers again")
        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .until(this::crash, s -> s.restarts() > before);
    // The next restart waits 16 s after this one's exit: the count read now is that of the restart that happened.
    assertThat(restarted.restarts()).as("restarts after the outage (before it: " + before + ")")
        .isEqualTo(before + 1);
    // What the engine did agrees: the first start plus one per counted restart, nothing more.
    List<String> starts = engine.docker("events", "--since", Long.toString(submitted.getEpochSecond() - 1),
        "--until", Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "type=container",
        "--filter", "event=start", "--filter", "label=io.orch.stack=" + STACK, "--format", "{{.ID}}")
        .strip().lines().toList();
    assertThat(starts).as("container starts").hasSize(before + 2);
  }

  private ServiceStatusDto crash() {
    OrchClient client = agent.client();
    return client.service(STACK, "crash").orElseThrow();
  }

  /** The agent's log lines saying a pass of the stack failed and will be retried, at or after {@code since}. */
  private static List<String> failedPassesSince(Instant since) {
    String marker = "reconcile of stack " + STACK + " failed, will retry";
    return agent.logText().lines().filter(l -> l.contains(marker)).filter(l -> {
      try {
        return !OffsetDateTime.parse(l.substring(0, l.indexOf(' '))).toInstant().isBefore(since);
      } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
        return false;
      }
    }).toList();
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }
}
