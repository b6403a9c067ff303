package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.api.dto.ServiceStatusDto;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restart history is the agent's memory of a crash loop: it survives the agent being killed. */
class RestartMemoryIT extends AgentItBase {
  @Test
  void aCrashLoopKeepsItsCountAndBackoffAcrossKill9OfTheAgent() throws Exception {
    List<Instant> starts = new ArrayList<>();
    Closeable watch = recordStarts(starts);
    try {
      submit("""
          services:
            crash:
              image: IMAGE
              command: ["sh", "-c", "exit 3"]
              deploy:
                restart_policy: {condition: on-failure, max_attempts: 5}
              x-orch:
                backoff: {initial: 1s, max: 60s, reset_after: 60s}
          """);
      // Restarts 2.. wait 1s, 2s, 4s, 8s: after the third restart the fourth is 4s away.
      await("three restarts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> service("crash").restarts() >= 3);
      int before = service("crash").restarts();

      agent.kill9();
      agent.restart();

      ServiceStatusDto after = await("the restarted agent reports the service").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> client().services(stack).stream().filter(s -> s.service().equals("crash")).findFirst()
              .orElse(null), s -> s != null && s.restarts() > 0);
      assertThat(after.restarts()).as("restart count kept across kill -9").isGreaterThanOrEqualTo(before);

      await("failed at max_attempts").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> service("crash").state() == ServiceStatusDto.State.FAILED);
      assertThat(service("crash").restarts()).isEqualTo(5);
      Thread.sleep(1000);
      synchronized (starts) {
        // A forgotten history would start max_attempts over: up to 5 more starts after the agent came back.
        assertThat(starts).as("the first start plus max_attempts restarts, in all").hasSize(6);
        List<Long> gaps = new ArrayList<>();
        for (int i = 2; i < starts.size(); i++) {
          gaps.add(Duration.between(starts.get(i - 1), starts.get(i)).toMillis());
        }
        // The backoff went on growing through the agent's restart instead of starting over at 1s.
        assertThat(gaps.get(gaps.size() - 1)).as("gaps " + gaps).isGreaterThan(3000);
      }
    } finally {
      watch.close();
    }
  }
}
