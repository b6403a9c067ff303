package io.orch.agent.logs;

import io.orch.api.dto.LogLineDto;
import io.orch.api.server.LogLineSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the logs of several replicas, each already in time order (the engine writes a container's log in order),
 * into one in time order: the line written first, whichever replica wrote it, comes first, as {@code docker compose
 * logs} prints them. A line is passed on only once every replica still being read has a line waiting (or has ended),
 * since an earlier one may still come from the one that has not. Each replica's buffer is bounded: a producer waits
 * while its buffer is full, so a long log is streamed, not held in memory.
 *
 * <p>Producers call {@link Source#line}/{@link Source#end} on their own threads; {@link #drainTo} runs on one thread.
 */
public final class TimeOrderedMerge {
  private static final int BUFFER = 512;

  private final List<Source> sources = new ArrayList<>();
  private boolean closed;

  /** One replica's log; create every source before {@link #drainTo} begins. */
  public synchronized Source source() {
    Source s = new Source();
    sources.add(s);
    return s;
  }

  /** Passes every line on in time order, then ends {@code out}; returns early (without end) once closed. */
  public void drainTo(LogLineSink out) throws InterruptedException {
    while (true) {
      LogLineDto next;
      synchronized (this) {
        while (!closed && !everySourceReady()) {
          wait();
        }
        if (closed) {
          return;
        }
        Source earliest = earliest();
        if (earliest == null) {
          break; // every source ended and none holds a line
        }
        next = earliest.lines.poll();
        notifyAll(); // its producer may be waiting for room
      }
      out.line(next);
    }
    out.end(null);
  }

  /** Stops the merge and releases the producers that wait for room. */
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  private boolean everySourceReady() {
    return sources.stream().allMatch(s -> s.ended || !s.lines.isEmpty());
  }

  /** The source whose next line is earliest; a line without a time goes first (it cannot be placed). */
  private Source earliest() {
    Source best = null;
    for (Source s : sources) {
      LogLineDto head = s.lines.peek();
      if (head == null) {
        continue;
      }
      if (head.time() == null) {
        return s;
      }
      if (best == null || head.time().isBefore(best.lines.peek().time())) {
        best = s;
      }
    }
    return best;
  }

  /** The lines of one replica, in the order it wrote them. */
  public final class Source {
    private final ArrayDeque<LogLineDto> lines = new ArrayDeque<>();
    private boolean ended;

    private Source() {}

    /** Waits while this source's buffer is full; returns false once the merge is closed (stop reading). */
    public boolean line(LogLineDto line) {
      synchronized (TimeOrderedMerge.this) {
        try {
          while (!closed && lines.size() >= BUFFER) {
            TimeOrderedMerge.this.wait();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        if (closed) {
          return false;
        }
        lines.add(line);
        TimeOrderedMerge.this.notifyAll();
        return true;
      }
    }

    /** This replica's log was read to its end (or failed: what it wrote so far still counts). */
    public void end() {
      synchronized (TimeOrderedMerge.this) {
        ended = true;
        TimeOrderedMerge.this.notifyAll();
      }
    }
  }
}
