package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  @Test
  void aCallPastItsDeadlineIsInterruptedAndTheInterruptIsClearedAfterwards() {
    CallDeadline deadline = CallDeadline.start(timers, Duration.ofMillis(100));
    long started = System.nanoTime();
    boolean interrupted = false;
    try {
      Thread.sleep(10_000); // stands for a read from a socket that never answers
    } catch (InterruptedException e) {
      interrupted = true;
    }

    assertThat(deadline.finish()).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCallInTimeIsLeftAlone() throws InterruptedException {
    CallDeadline deadline = CallDeadline.start(timers, Duration.ofMillis(200));

    assertThat(deadline.finish()).isFalse();
    Thread.sleep(400); // the disarmed alarm must not go off later
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
