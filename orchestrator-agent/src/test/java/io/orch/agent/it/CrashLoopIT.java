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

class CrashLoopIT extends AgentItBase {
  @Test
  void backsOffWithGrowingGapsAndMarksServiceFailedAtMaxAttempts() throws Exception {
    List<Instant> starts = new ArrayList<>();
    Closeable watch = recordStarts(starts);
    try {
      submit("""
          services:
            crash:
              image: IMAGE
              command: ["sh", "-c", "exit 3"]
              deploy:
                restart_policy:
                  condition: on-failure
                  max_attempts: 4
              x-orch:
                backoff: {initial: 1s, max: 60s, reset_after: 30s}
          """);

      await("service marked failed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> service("crash").state() == ServiceStatusDto.State.FAILED);
      ServiceStatusDto failed = service("crash");
      assertThat(failed.restarts()).isEqualTo(4);
      assertThat(failed.lastError()).isNotBlank();

      List<Long> gaps = new ArrayList<>();
      synchronized (starts) {
        assertThat(starts).as("first start plus max_attempts restarts").hasSize(5);
        for (int i = 2; i < starts.size(); i++) {
          gaps.add(Duration.between(starts.get(i - 1), starts.get(i)).toNanos());
        }
      }
      // Restarts 2, 3, 4 wait 1s, 2s, 4s: each gap is clearly longer than the one before.
      assertThat(gaps).isSortedAccordingTo(Long::compare);
      assertThat(gaps.get(gaps.size() - 1)).isGreaterThan(gaps.get(0) + 1_500_000_000L);
      Thread.sleep(2000); // nothing more happens once failed; no timing assertion, just a look at later starts
      synchronized (starts) {
        assertThat(starts).hasSize(5);
      }
    } finally {
      watch.close();
    }
  }
}
