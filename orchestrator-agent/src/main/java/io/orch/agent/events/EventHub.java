package io.orch.agent.events;

import io.orch.api.dto.EventDto;
import io.orch.api.server.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's event bus. {@link #emit} numbers each event (1, 2, 3, ... for the agent's lifetime), keeps it in a
 * bounded ring of the latest {@code capacity} events, passes it to the synchronous listeners (logging, metrics) and
 * wakes the subscribers.
 *
 * <p>Emitting never waits for a subscriber: the ring is the only buffer. Each subscriber has a cursor into it and is
 * drained on a delivery thread of its own; one that falls so far behind that the ring has overwritten its next event
 * is dropped ({@code onDropped}), and the API disconnects it. It can then resume with {@code Last-Event-ID} and sees
 * a gap in the sequence numbers rather than stalling the reconcile loop or growing memory.
 */
public final class EventHub implements AgentEvents, EventSource, AutoCloseable {
  public static final int DEFAULT_CAPACITY = 10_000;
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private static final int BATCH = 256;

  private final EventDto[] ring;
  private final List<AgentEvents> listeners;
  private final Set<Cursor> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService delivery;
  private long lastSeq; // guarded by this

  /** {@code listeners} hear every event on the emitting thread, so they must be quick (a log line, a counter). */
  public EventHub(int capacity, List<AgentEvents> listeners) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.ring = new EventDto[capacity];
    this.listeners = List.copyOf(listeners);
    AtomicInteger n = new AtomicInteger();
    this.delivery = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "orch-events-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void emit(AgentEvent e) {
    synchronized (this) {
      lastSeq++;
      ring[(int) (lastSeq % ring.length)] = new EventDto(lastSeq, e.time(), e.type().wire(), e.stack(), e.service(),
          e.slot(), e.container(), e.reason(), e.message());
    }
    for (AgentEvents listener : listeners) {
      try {
        listener.emit(e);
      } catch (RuntimeException ex) {
        log.warn("event listener {} failed on {}", listener, e.type(), ex);
      }
    }
    subscribers.forEach(Cursor::wake);
  }

  /** The sequence number of the latest event, 0 before the first. */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  /** Events after {@code afterSeq} still in the ring, oldest first, at most {@code max}. */
  public synchronized List<EventDto> history(long afterSeq, int max) {
    long from = Math.max(afterSeq + 1, oldestSeq());
    List<EventDto> out = new ArrayList<>();
    for (long s = from; s <= lastSeq && out.size() < max; s++) {
      out.add(ring[(int) (s % ring.length)]);
    }
    return out;
  }

  private long oldestSeq() {
    return Math.max(1, lastSeq - ring.length + 1);
  }

  /**
   * {@code afterSeq} beyond the latest event means the client saw a previous agent process (sequence numbers start
   * again at 1 after a restart): everything in this agent's history is news to it.
   */
  @Override
  public Subscription subscribe(long afterSeq, Predicate<EventDto> filter, Consumer<EventDto> sink,
      Runnable onDropped) {
    Cursor cursor;
    synchronized (this) {
      long start = afterSeq < 0 ? lastSeq : afterSeq > lastSeq ? 0 : afterSeq;
      // A resume point older than the ring: deliver from the oldest event kept (the client sees the gap).
      cursor = new Cursor(Math.max(start, oldestSeq() - 1), filter, sink, onDropped);
      subscribers.add(cursor);
    }
    cursor.wake();
    return cursor::close;
  }

  /** Number of live subscriptions (for tests and metrics). */
  public int subscriberCount() {
    return subscribers.size();
  }

  @Override
  public void close() {
    subscribers.forEach(Cursor::close);
    delivery.shutdownNow();
  }

  /** One subscriber's position in the ring; drained by at most one delivery thread at a time. */
  private final class Cursor {
    private final Predicate<EventDto> filter;
    private final Consumer<EventDto> sink;
    private final Runnable onDropped;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean moreWork;
    private long delivered; // only touched by the draining thread (handed over via `scheduled`)

    Cursor(long delivered, Predicate<EventDto> filter, Consumer<EventDto> sink, Runnable onDropped) {
      this.delivered = delivered;
      this.filter = filter;
      this.sink = sink;
      this.onDropped = onDropped;
    }

    void wake() {
      moreWork = true;
      if (!closed.get() && scheduled.compareAndSet(false, true)) {
        try {
          delivery.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
          scheduled.set(false);
        }
      }
    }

    private void drain() {
      try {
        while (!closed.get()) {
          moreWork = false;
          List<EventDto> batch;
          synchronized (EventHub.this) {
            if (delivered < oldestSeq() - 1) {
              drop();
              return;
            }
            batch = history(delivered, BATCH);
          }
          for (EventDto e : batch) {
            if (closed.get()) {
              return;
            }
            delivered = e.seq();
            if (filter.test(e)) {
              sink.accept(e);
            }
          }
          if (batch.isEmpty() && !moreWork) {
            return;
          }
        }
      } catch (RuntimeException e) {
        log.warn("event subscriber failed; dropping it", e);
        drop();
      } finally {
        scheduled.set(false);
        // An event emitted after the last look but before `scheduled` was cleared would otherwise wait for the next.
        if (moreWork && !closed.get()) {
          wake();
        }
      }
    }

    private void drop() {
      log.info("event subscriber fell more than {} events behind; dropping it", ring.length);
      close();
      onDropped.run();
    }

    void close() {
      closed.set(true);
      subscribers.remove(this);
    }
  }
}
