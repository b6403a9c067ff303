package io.orch.core.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.OrchOptions;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void backoffDoublesUpToMax() {
    Duration firstDelay = Duration.ofMillis(500);

    assertThat(IntStream.rangeClosed(0, 9)
        .mapToObj(n -> Backoff.delayBefore(n, firstDelay, OrchOptions.Backoff.DEFAULT).toMillis()))
        .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L);
  }

  @Test
  void hugeRestartCountsStayAtMax() {
    assertThat(Backoff.delayBefore(10_000, Duration.ZERO, OrchOptions.Backoff.DEFAULT))
        .isEqualTo(Duration.ofSeconds(60));
  }
}
