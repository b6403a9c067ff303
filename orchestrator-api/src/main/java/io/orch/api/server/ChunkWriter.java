package io.orch.api.server;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** The body side of a streamed (chunked) response, handed to a {@link StreamingBody}. Thread-safe. */
public interface ChunkWriter {
  /** Sends {@code text} as one chunk, flushed at once. False (and nothing sent) once the client has gone. */
  boolean write(String text);

  /** Sends the last chunk; the response is complete. Later writes are ignored. */
  void end();

  /** Closes the connection without a proper end, e.g. for a client that does not keep up. */
  void abort();

  /** True while the client is connected and the response has not ended. */
  boolean isOpen();

  /**
   * True when the connection's send buffer is below its limit. A producer that may block (a log stream) waits with
   * {@link #awaitWritable}; one that must not (the event fan-out) checks this and aborts.
   */
  boolean isWritable();

  /** Waits up to {@code max} for the send buffer to drain; false if it did not or the client went away. */
  boolean awaitWritable(Duration max) throws InterruptedException;

  /** A timer on the connection's own thread, for heartbeats. */
  ScheduledExecutorService scheduler();
}
