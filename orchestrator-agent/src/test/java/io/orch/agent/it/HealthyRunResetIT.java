package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.EventDto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A health-checked replica that ran, and was healthy, for {@code reset_after} starts its backoff over when it dies,
 * as one without a health check does: the engine reports every stopped container "unhealthy", which used to count as
 * a run that ended unhealthy, so each kill waited longer than the last.
 */
class HealthyRunResetIT extends AgentItBase {
  private static final Duration RESET_AFTER = Duration.ofSeconds(3);

  @Test
  void aHealthCheckedReplicaKilledFourTimesAfterHealthyRunsRestartsAtOnceEachTime() throws Exception {
    submit("""
        services:
          web:
            image: IMAGE
            command: ["sleep", "86400"]
            healthcheck: {test: ["CMD", "true"], interval: 1s, timeout: 2s, retries: 3}
            x-orch:
              backoff: {initial: 5s, max: 60s, reset_after: 3s}
        """);
    for (int kill = 1; kill <= 4; kill++) {
      ContainerDto up = await("healthy and up for reset_after before kill " + kill).atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> service("web").containers().stream().findFirst().orElse(null),
              c -> c != null && "running".equalsIgnoreCase(c.state()) && "healthy".equals(c.health())
                  && c.startedAt() != null && c.startedAt().plus(RESET_AFTER).plusSeconds(1).isBefore(Instant.now()));
      docker.killContainerCmd(up.id()).withSignal("KILL").exec();

      int restarts = kill;
      JsonNode history = await("restart " + kill + " recorded").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(this::slotOneHistory, h -> h != null && h.path("total").asInt() == restarts);
      assertThat(history.path("sinceReset").asInt()).as("restart book after kill %d: %s", kill, history)
          .isEqualTo(1);
      await("running again after kill " + kill).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> service("web").containers().stream()
              .anyMatch(c -> "running".equalsIgnoreCase(c.state()) && c.restarts() == restarts));
    }
    assertThat(events("container.restarting")).as("no restart waited out a backoff").isEmpty();
    assertThat(events("container.restarted")).hasSize(4).allSatisfy(e -> assertThat(e.message())
        .as("restarted at once, not after a backoff").doesNotContain("backoff elapsed"));
  }

  /** The restart book's entry for web's slot 1, as the agent stored it, or null before the first restart. */
  private JsonNode slotOneHistory() throws IOException {
    Path file = agent.stateDir().resolve("restarts").resolve(stack + ".json");
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode slot = new ObjectMapper().readTree(Files.readAllBytes(file)).get("web/1");
    return slot == null || slot.isNull() ? null : slot;
  }

  /** The events of this stack of {@code type} so far (the stream replays from the start, then is closed). */
  private List<EventDto> events(String type) throws InterruptedException {
    List<EventDto> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try {
        client().streamEvents(0, stack, null, type, e -> {
          seen.add(e);
          return !stop.get();
        });
      } catch (RuntimeException ignored) {
        // closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    Thread.sleep(1500);
    stop.set(true);
    reader.interrupt();
    return List.copyOf(seen);
  }
}
