package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final MutableClock clock = new MutableClock();
  private final WorkQueue queue = new WorkQueue(clock);

  @Test
  void collapsesDuplicateAdds() {
    queue.add("a");
    queue.add("a");
    queue.add("b");
    assertThat(queue.length()).isEqualTo(2);
    assertThat(queue.poll()).contains("a");
    assertThat(queue.poll()).contains("b");
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void addWhileProcessingRunsOnceMoreAfterDone() {
    queue.add("a");
    assertThat(queue.poll()).contains("a");
    queue.add("a");
    assertThat(queue.poll()).as("never handed out while processing").isEmpty();
    queue.done("a");
    assertThat(queue.poll()).contains("a");
    queue.done("a");
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void delayedKeyBecomesReadyWhenDue() {
    queue.addAfter("a", Duration.ofSeconds(5));
    assertThat(queue.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(queue.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void earlierDelayWins() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void plainAddOverridesPendingDelay() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.add("a");
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void failureBackoffDoublesAndIsCapped() {
    assertThat(WorkQueue.failureDelay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(WorkQueue.failureDelay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(WorkQueue.failureDelay(4)).isEqualTo(Duration.ofMillis(1600));
    assertThat(WorkQueue.failureDelay(50)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void forgetResetsFailureBackoff() {
    queue.addRateLimited("a");
    clock.advance(Duration.ofMillis(200));
    assertThat(queue.poll()).contains("a");
    queue.done("a");
    queue.addRateLimited("a");
    clock.advance(Duration.ofMillis(200));
    assertThat(queue.poll()).as("second failure waits 400ms").isEmpty();
    clock.advance(Duration.ofMillis(200));
    assertThat(queue.poll()).contains("a");
    queue.done("a");
    queue.forget("a");
    queue.addRateLimited("a");
    clock.advance(Duration.ofMillis(200));
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void takeBlocksUntilAddedFromAnotherThread() throws Exception {
    WorkQueue real = new WorkQueue(Clock.systemUTC());
    Thread t = new Thread(() -> real.add("x"));
    t.start();
    assertThat(real.take()).contains("x");
    t.join();
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
