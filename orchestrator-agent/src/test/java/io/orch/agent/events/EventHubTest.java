package io.orch.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.EventDto;
import io.orch.api.server.EventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventHubTest {
  private static final Instant T = Instant.parse("2026-11-26T22:40:01Z");
  private final List<AgentEvent> logged = new ArrayList<>();
  private EventHub hub = new EventHub(EventHub.DEFAULT_CAPACITY, List.of(logged::add));

  @AfterEach
  void close() {
    hub.close();
  }

  private static AgentEvent event(EventType type, String stack, String service) {
    return new AgentEvent(T, type, stack, service, service == null ? null : 1,
        service == null ? null : stack + "-" + service + "-1", null, type.wire());
  }

  @Test
  void numbersEventsFromOneAndPassesThemToListeners() {
    hub.emit(event(EventType.STACK_SUBMITTED, "shop", null));
    hub.emit(event(EventType.CONTAINER_STARTED, "shop", "web"));

    assertThat(hub.lastSeq()).isEqualTo(2);
    assertThat(hub.history(0, 10)).extracting(EventDto::seq).containsExactly(1L, 2L);
    EventDto second = hub.history(1, 10).get(0);
    assertThat(second).isEqualTo(new EventDto(2, T, "container.started", "shop", "web", 1, "shop-web-1", null,
        "container.started"));
    assertThat(logged).extracting(AgentEvent::type)
        .containsExactly(EventType.STACK_SUBMITTED, EventType.CONTAINER_STARTED);
  }

  @Test
  void keepsOnlyTheLatestCapacityEvents() {
    hub = new EventHub(10_000, List.of());
    for (int i = 0; i < 10_050; i++) {
      hub.emit(event(EventType.CONTAINER_STARTED, "shop", "web"));
    }
    List<EventDto> all = hub.history(0, Integer.MAX_VALUE);
    assertThat(all).hasSize(10_000);
    assertThat(all.get(0).seq()).isEqualTo(51);
    assertThat(all.get(all.size() - 1).seq()).isEqualTo(10_050);
  }

  @Test
  void resumesAfterAGivenSequenceNumberThenDeliversLiveEvents() throws Exception {
    for (int i = 0; i < 5; i++) {
      hub.emit(event(EventType.CONTAINER_STARTED, "shop", "web"));
    }
    BlockingQueue<EventDto> got = new LinkedBlockingQueue<>();
    try (EventSource.Subscription s = hub.subscribe(3, e -> true, got::add, () -> { })) {
      assertThat(take(got, 2)).extracting(EventDto::seq).containsExactly(4L, 5L);
      hub.emit(event(EventType.CONTAINER_EXITED, "shop", "web"));
      assertThat(take(got, 1)).extracting(EventDto::seq).containsExactly(6L);
    }
    hub.emit(event(EventType.CONTAINER_EXITED, "shop", "web"));
    assertThat(got.poll(200, TimeUnit.MILLISECONDS)).as("nothing after close").isNull();
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void fromNowSkipsTheHistoryAndAResumePointFromAnEarlierAgentReplaysAll() throws Exception {
    hub.emit(event(EventType.AGENT_STARTED, null, null));
    BlockingQueue<EventDto> live = new LinkedBlockingQueue<>();
    BlockingQueue<EventDto> stale = new LinkedBlockingQueue<>();
    try (EventSource.Subscription a = hub.subscribe(EventSource.FROM_NOW, e -> true, live::add, () -> { });
        EventSource.Subscription b = hub.subscribe(500, e -> true, stale::add, () -> { })) {
      hub.emit(event(EventType.STACK_SUBMITTED, "shop", null));
      assertThat(take(live, 1)).extracting(EventDto::seq).containsExactly(2L);
      // seq 500 was another agent process's: this agent's whole history is new to that client
      assertThat(take(stale, 2)).extracting(EventDto::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void filtersBeforeDelivering() throws Exception {
    hub.emit(event(EventType.STACK_SUBMITTED, "shop", null));
    hub.emit(event(EventType.CONTAINER_STARTED, "other", "db"));
    hub.emit(event(EventType.CONTAINER_EXITED, "shop", "web"));
    BlockingQueue<EventDto> got = new LinkedBlockingQueue<>();
    try (EventSource.Subscription s = hub.subscribe(0, e -> "shop".equals(e.stack()) && e.type().startsWith(
        "container."), got::add, () -> { })) {
      assertThat(take(got, 1)).extracting(EventDto::seq).containsExactly(3L);
      assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void aStuckSubscriberNeverBlocksTheEmitterAndIsDroppedOnceTheHistoryHasMovedOn() throws Exception {
    hub = new EventHub(100, List.of());
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch dropped = new CountDownLatch(1);
    AtomicBoolean stuckOnce = new AtomicBoolean();
    BlockingQueue<EventDto> healthy = new LinkedBlockingQueue<>();
    EventSource.Subscription stuck = hub.subscribe(EventSource.FROM_NOW, e -> true, e -> {
      if (stuckOnce.compareAndSet(false, true)) {
        await(release); // a client that stops reading
      }
    }, dropped::countDown);
    EventSource.Subscription fine = hub.subscribe(EventSource.FROM_NOW, e -> true, healthy::add, () -> { });

    // The emitter runs to the end although one subscriber has not returned from the first event, and a subscriber
    // that keeps up gets everything meanwhile.
    for (long i = 1; i <= 1_000; i++) {
      hub.emit(event(EventType.CONTAINER_STARTED, "shop", "web"));
      assertThat(take(healthy, 1)).extracting(EventDto::seq).containsExactly(i);
    }
    assertThat(hub.lastSeq()).isEqualTo(1_000);

    release.countDown();
    assertThat(dropped.await(10, TimeUnit.SECONDS)).as("stuck subscriber dropped").isTrue();
    assertThat(hub.subscriberCount()).isEqualTo(1);
    stuck.close();
    fine.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<EventDto> take(BlockingQueue<EventDto> q, int n) throws InterruptedException {
    List<EventDto> out = new ArrayList<>();
    while (out.size() < n) {
      EventDto e = q.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("event " + (out.size() + 1) + " of " + n).isNotNull();
      out.add(e);
    }
    return out;
  }
}
