package io.orch.agent.logs;

import io.orch.api.dto.LogLineDto;
import io.orch.api.server.LogLineSink;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import io.orch.core.engine.ObservedContainer;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code orch logs -f} of one service: follows every run of every replica, as {@code docker compose logs -f} does.
 * The engine ends a followed log when its container stops, so a replica the agent restarts (same container, a new run)
 * and a replica that replaces another (a new container: a rollout, {@code orch restart}, a scale-up) each need a new
 * stream. The agent's view of the containers says when ({@link #changed}, called on every change to the stack's
 * containers); the follower then opens a stream for each run it has not read yet:
 *
 * <ul>
 *   <li>a container first seen after the follow began: its whole log (everything it wrote is new);
 *   <li>a container seen before, started again: its log after what was already passed on (the engine's log of a
 *       container holds every run's lines). The cut is the engine's time of the last line passed on; when none was
 *       (a follow begun with {@code --tail 0} of a quiet replica), the moment the follow began. Not the new run's
 *       start: the engine stamps a run's first lines before it records the start.
 * </ul>
 *
 * <p>The response ends when the client goes away or the service no longer exists. Every state change runs on the one
 * {@code worker} thread, so the book of runs has a single writer.
 */
public final class ServiceLogFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceLogFollower.class);
  private static final Duration RETRY_FAILED_STREAM = Duration.ofSeconds(1);

  private final EngineView engine;
  private final Supplier<List<ObservedContainer>> replicas;
  private final BooleanSupplier serviceGone;
  private final LogLineSink sink;
  private final ScheduledExecutorService worker;
  /**
   * By container id: the run being read or last read. Written on the worker thread only; read by the streams too, so
   * that only a container's current read passes lines on (never two reads of one log at once).
   */
  private final Map<String, Followed> followed = new ConcurrentHashMap<>();
  private Instant followStart;
  private int tail;
  private volatile boolean closed;
  private boolean ended;

  /**
   * {@code replicas} is the agent's current view of the service's containers (no engine call); {@code serviceGone}
   * says the service is no longer there (its stack removed), which ends the follow.
   */
  public ServiceLogFollower(EngineView engine, Supplier<List<ObservedContainer>> replicas, BooleanSupplier serviceGone,
      LogLineSink sink, ScheduledExecutorService worker) {
    this.engine = engine;
    this.replicas = replicas;
    this.serviceGone = serviceGone;
    this.sink = sink;
    this.worker = worker;
  }

  /**
   * Opens the followed log of each of {@code listed} (the last {@code tail} lines of each first, -1 for all), on the
   * caller's thread so that an engine that does not answer fails the request. Then looks at the agent's view once, for
   * what changed since the listing.
   */
  public void start(List<ObservedContainer> listed, int tail) throws InterruptedException {
    Runnable opening = () -> {
      followStart = Instant.now();
      this.tail = tail;
      for (ObservedContainer c : listed) {
        open(c, tail, null, true);
      }
    };
    try {
      worker.submit(opening).get();
    } catch (java.util.concurrent.ExecutionException e) {
      close();
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
    changed();
  }

  /** Something about the stack's containers changed: look for runs not read yet, on the worker. */
  public void changed() {
    if (!closed) {
      worker.execute(this::scan);
    }
  }

  private void scan() {
    if (closed || ended) {
      return;
    }
    for (ObservedContainer c : replicas.get()) {
      Followed f = followed.get(c.id());
      if (f == null && c.startedAt() != null && c.startedAt().isBefore(followStart)) {
        open(c, tail, null, false); // running before the follow began, listed too late: as if it had been
      } else if (f == null) {
        open(c, -1, null, false); // new since the follow began: all of it is news
      } else if (!f.reading && c.startedAt() != null && !c.startedAt().equals(f.run)) {
        open(c, -1, f, false); // started again: its new run only
      }
    }
    if (followed.values().stream().noneMatch(f -> f.reading) && serviceGone.getAsBoolean()) {
      ended = true;
      sink.end(null);
    }
  }

  /**
   * Reads one run of a container; {@code previous} is what was read of its earlier runs (null for a new one). With
   * {@code failFast} an engine that does not answer fails the call (the request's first listing) instead of being
   * tried again.
   */
  private void open(ObservedContainer c, int tail, Followed previous, boolean failFast) {
    // What was passed on so far: the last line's time, or for a log read from its --tail, when that read began.
    Instant seenUpTo = previous != null ? previous.seenUpTo : tail < 0 ? null : Instant.now();
    // The first read passes on its --tail whole; a later run's read only what comes after seenUpTo.
    Followed f = new Followed(c.id(), c.name(), c.startedAt(), seenUpTo, previous == null || seenUpTo == null);
    Followed before = followed.put(c.id(), f);
    if (before != null) {
      before.closeStream(); // ended already; and if not, it is no longer this container's read
    }
    if (c.startedAt() == null) {
      return; // created, never started: nothing written yet; its start is a change that brings it back here
    }
    f.reading = true;
    try {
      f.stream = engine.logs(c.id(), true, previous == null ? tail : -1, previous == null ? null : seenUpTo, f);
    } catch (EngineException.NotFound gone) {
      f.reading = false; // removed since it was seen: its removal is a change too
    } catch (EngineException e) {
      f.reading = false;
      if (failFast) {
        throw e;
      }
      log.debug("cannot follow the log of {}: {}", c.name(), e.getMessage());
      f.run = null; // read this run again when the engine answers
      worker.schedule(this::scan, RETRY_FAILED_STREAM.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.execute(() -> followed.values().forEach(Followed::closeStream));
  }

  /** One run of one container being read: passes on its lines and tells the worker when it ends. */
  private final class Followed implements LogSink {
    final String id;
    final String name;
    /** When the run began (the engine's clock); null if the container never started or must be read again. */
    Instant run;
    /**
     * The engine's time of the last line passed on of this container (any run), or null when every line it has is
     * news: a restarted container's log repeats the earlier runs, and only what comes after this is passed on.
     */
    volatile Instant seenUpTo;
    /** Set on the first line after {@link #seenUpTo}: the log is in time order, so all lines after it are news. */
    boolean caughtUp;
    boolean reading;
    Closeable stream;

    Followed(String id, String name, Instant run, Instant seenUpTo, boolean caughtUp) {
      this.id = id;
      this.name = name;
      this.run = run;
      this.seenUpTo = seenUpTo;
      this.caughtUp = caughtUp;
    }

    @Override
    public void line(LogLine l) {
      if (closed || followed.get(id) != this) {
        return; // the client went away, or a newer read of this container took over
      }
      if (!caughtUp) {
        if (l.time() != null && !l.time().isAfter(seenUpTo)) {
          return; // an earlier run's line, passed on before (or before the follow began)
        }
        caughtUp = true; // equal times after this point are new lines, not repeats
      }
      if (l.time() != null) {
        seenUpTo = l.time();
      }
      sink.line(new LogLineDto(name, l.stderr() ? LogLineDto.STDERR : LogLineDto.STDOUT, l.time(), l.text()));
    }

    @Override
    public void end(Throwable error) {
      if (closed) {
        return;
      }
      worker.execute(() -> {
        reading = false;
        if (error != null) {
          log.debug("log of {} ended with {}; following it again", name, error.toString());
          run = null; // read what this run writes next, after the last line passed on
          worker.schedule(ServiceLogFollower.this::scan, RETRY_FAILED_STREAM.toMillis(), TimeUnit.MILLISECONDS);
        } else {
          scan(); // its next run (or its replacement) may already be in the view
        }
      });
    }

    void closeStream() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          // closing a finished stream: nothing left to release
        }
      }
    }
  }
}
