package io.orch.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.api.dto.LogLineDto;
import io.orch.api.server.LogLineSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimeOrderedMergeTest {
  private static final Instant T0 = Instant.parse("2026-12-07T21:00:00Z");
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final AtomicInteger ends = new AtomicInteger();
  private final LogLineSink sink = new LogLineSink() {
    @Override
    public void line(LogLineDto line) {
      out.add(line.container() + ":" + line.line());
    }

    @Override
    public void end(Throwable error) {
      ends.incrementAndGet();
    }
  };

  private static LogLineDto line(String replica, long millis, String text) {
    return new LogLineDto(replica, LogLineDto.STDOUT, T0.plusMillis(millis), text);
  }

  @Test
  void linesOfSeveralReplicasComeOutInTheOrderTheyWereWritten() throws Exception {
    TimeOrderedMerge merge = new TimeOrderedMerge();
    TimeOrderedMerge.Source one = merge.source();
    TimeOrderedMerge.Source two = merge.source();
    // Each replica's log is read whole before the other's, as the engine's streams may well deliver them.
    one.line(line("web-1", 0, "a"));
    one.line(line("web-1", 20, "c"));
    one.line(line("web-1", 40, "e"));
    one.end();
    two.line(line("web-2", 10, "b"));
    two.line(line("web-2", 30, "d"));
    two.end();

    merge.drainTo(sink);

    assertThat(out).containsExactly("web-1:a", "web-2:b", "web-1:c", "web-2:d", "web-1:e");
    assertThat(ends).hasValue(1);
  }

  @Test
  void aLineWaitsUntilTheSlowerReplicaSaysWhetherItWroteEarlier() throws Exception {
    TimeOrderedMerge merge = new TimeOrderedMerge();
    TimeOrderedMerge.Source fast = merge.source();
    TimeOrderedMerge.Source slow = merge.source();
    CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> {
      try {
        merge.drainTo(sink);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    fast.line(line("web-1", 50, "late"));
    fast.end();
    Thread.sleep(200); // the merge must hold "late": web-2 may still send an earlier line
    assertThat(out).isEmpty();

    slow.line(line("web-2", 10, "early"));
    slow.end();
    draining.get(10, TimeUnit.SECONDS);
    assertThat(out).containsExactly("web-2:early", "web-1:late");
  }

  @Test
  void aLongLogIsStreamedThroughABoundedBufferAndCloseReleasesTheProducer() throws Exception {
    TimeOrderedMerge merge = new TimeOrderedMerge();
    TimeOrderedMerge.Source only = merge.source();
    AtomicInteger accepted = new AtomicInteger();
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 10_000; i++) {
        if (!only.line(line("web-1", i, "n" + i))) {
          return;
        }
        accepted.incrementAndGet();
      }
    });
    // Nobody drains: the producer waits once the buffer is full, instead of filling memory.
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() > 0);
    Thread.sleep(200);
    assertThat(accepted.get()).isLessThan(1000);

    merge.close();
    producer.get(10, TimeUnit.SECONDS);
    assertThat(ends).hasValue(0);
  }
}
