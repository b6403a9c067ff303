package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.api.dto.EventDto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The event stream against a real engine: a replica killed with SIGKILL shows up as exited then restarted, and a
 * client that disconnects and resumes with Last-Event-ID gets every event in between, none twice.
 */
class EventsIT extends AgentItBase {
  private static final String STACK = """
      services:
        web:
          image: IMAGE
          command: ["sleep", "3600"]
          restart: always
          stop_grace_period: 1s
          deploy:
            replicas: 2
          # A backoff long enough that a pass sees the replica waiting even on a loaded machine (with 1s, a pass
          # that came late found it elapsed and restarted at once, with no container.restarting event: CI saw it).
          x-orch:
            backoff: {initial: 5s}
      """;

  @Test
  void killedReplicaIsSeenExitedThenRestartedAndAResumedStreamMissesNothing() throws Exception {
    BlockingQueue<EventDto> first = new LinkedBlockingQueue<>();
    AtomicBoolean disconnect = new AtomicBoolean();
    CompletableFuture<Void> firstStream = CompletableFuture.runAsync(() ->
        client().streamEvents(0, null, null, null, e -> {
          if (disconnect.get()) {
            return false; // like a client that dies: this event is received but never processed
          }
          first.add(e);
          return true;
        }));
    // Every event of this agent so far, from seq 1: nothing filtered, so the sequence must have no gap.
    List<EventDto> seen = new ArrayList<>();

    submit(STACK);
    awaitConverged(Duration.ofSeconds(60));
    String victim = stack + "-web-1";
    awaitEvent(first, seen, e -> e.type().equals("service.converged") && stack.equals(e.stack()));

    docker.killContainerCmd(victim).withSignal("SIGKILL").exec();

    EventDto exited = awaitEvent(first, seen, e -> e.type().equals("container.exited") && victim.equals(e.container()));
    assertThat(exited.stack()).isEqualTo(stack);
    assertThat(exited.service()).isEqualTo("web");
    assertThat(exited.slot()).isEqualTo(1);
    assertThat(exited.message()).contains("137");
    EventDto restarted = awaitEvent(first, seen,
        e -> e.type().equals("container.restarted") && victim.equals(e.container()));
    assertThat(restarted.seq()).isGreaterThan(exited.seq());
    assertThat(restarted.reason()).isEqualTo("exit");
    assertThat(restarted.message()).contains("exited 137");

    // Disconnect mid-stream: the client drops the connection at the next event it receives.
    disconnect.set(true);
    String second = stack + "-web-2";
    docker.killContainerCmd(second).withSignal("SIGKILL").exec();
    firstStream.get(60, TimeUnit.SECONDS);
    first.drainTo(seen);
    long lastSeen = seen.get(seen.size() - 1).seq();

    // While nobody listens: the killed replica restarts, the first one dies again (its second restart waits out a
    // backoff), and the service grows.
    docker.killContainerCmd(victim).withSignal("SIGKILL").exec();
    client().scale(stack, "web", 3);
    await("web-2 restarted and web-3 running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          var web = service("web");
          return web.running() == 3 && web.containers().stream()
              .filter(c -> c.name().equals(second) && c.restarts() == 1 || c.name().equals(victim) && c.restarts() == 2)
              .filter(c -> "running".equals(c.state())).count() == 2;
        });

    // Resume where we left off.
    BlockingQueue<EventDto> resumed = new LinkedBlockingQueue<>();
    long from = lastSeen;
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Void> secondStream = CompletableFuture.runAsync(() ->
        client().streamEvents(from, null, null, null, e -> !done.get() && resumed.add(e)));
    try {
      awaitAll(resumed, seen, List.of(
          e -> e.type().equals("container.exited") && second.equals(e.container()),
          e -> e.type().equals("container.restarted") && second.equals(e.container()),
          e -> e.type().equals("service.scaled") && stack.equals(e.stack()),
          e -> e.type().equals("container.started") && (stack + "-web-3").equals(e.container()),
          e -> e.type().equals("container.restarting") && victim.equals(e.container())
              && e.message().matches("exited 137, restart 2 in .+ \\(backoff\\)")));
    } finally {
      done.set(true); // the stream closes at the next event (the clean-up's)
    }

    List<Long> seqs = seen.stream().map(EventDto::seq).toList();
    assertThat(seqs.get(0)).isEqualTo(1L);
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("event after seq " + seqs.get(i - 1) + " (no gap, no repeat)")
          .isEqualTo(seqs.get(i - 1) + 1);
    }
    assertThat(seen).extracting(EventDto::type).contains("agent.started", "stack.submitted", "container.created",
        "container.started", "service.converged", "container.exited", "container.restarted", "service.scaled");
  }

  /** Takes events off the queue into {@code seen} until each condition matched one, in any order. */
  private static void awaitAll(BlockingQueue<EventDto> queue, List<EventDto> seen, List<Predicate<EventDto>> wanted)
      throws InterruptedException {
    List<Predicate<EventDto>> open = new ArrayList<>(wanted);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      EventDto e = queue.poll(1, TimeUnit.SECONDS);
      if (e != null) {
        seen.add(e);
        open.removeIf(p -> p.test(e));
      }
    }
    assertThat(open).as("expected events; saw " + seen).isEmpty();
  }

  /** Takes events off the queue into {@code seen} until one matches. */
  private static EventDto awaitEvent(BlockingQueue<EventDto> queue, List<EventDto> seen, Predicate<EventDto> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      EventDto e = queue.poll(1, TimeUnit.SECONDS);
      if (e == null) {
        continue;
      }
      seen.add(e);
      if (wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("event not seen within 60s; saw " + seen.stream().map(EventDto::type).toList());
  }
}
