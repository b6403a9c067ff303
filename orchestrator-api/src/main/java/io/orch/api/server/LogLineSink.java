package io.orch.api.server;

import io.orch.api.dto.LogLineDto;

/** Receives the log lines of a service's replicas, from the backend's threads, and once the end of all of them. */
public interface LogLineSink {
  void line(LogLineDto line);

  /** No more lines: every replica's log was read (without follow) or failed; {@code error} is null on a clean end. */
  void end(Throwable error);
}
