package io.orch.core.engine;

/** Receives one container's log lines on the implementation's thread, then one {@link #end}. */
public interface LogSink {
  void line(LogLine line);

  /** The log ended: read to the end (no follow), the container went away, or {@code error} (null on a clean end). */
  void end(Throwable error);
}
