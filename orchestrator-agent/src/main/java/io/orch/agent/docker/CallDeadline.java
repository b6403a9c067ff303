package io.orch.agent.docker;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of one blocking engine call on the calling thread: once it passes, the thread is interrupted (again
 * every second, in case something on the way swallowed it) until the call returns. docker-java's unix socket is a
 * {@code SocketChannel}, so the interrupt closes the call's connection and the blocked read ends with
 * {@code ClosedByInterruptException}; on tcp:// the client's response timeout ends it first. {@link #finish} clears
 * the interrupt this deadline caused, so the caller's thread goes on clean.
 */
final class CallDeadline {
  private static final long REPEAT_MILLIS = 1000;

  private final Thread caller = Thread.currentThread();
  private final Duration limit;
  private final ScheduledFuture<?> alarm;
  private boolean finished;
  private boolean expired;

  private CallDeadline(ScheduledExecutorService timers, Duration limit) {
    this.limit = limit;
    this.alarm = timers.scheduleAtFixedRate(this::expire, limit.toMillis(), REPEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Arms a deadline for a call the current thread is about to make. */
  static CallDeadline start(ScheduledExecutorService timers, Duration limit) {
    return new CallDeadline(timers, limit);
  }

  private synchronized void expire() {
    if (!finished) {
      expired = true;
      caller.interrupt();
    }
  }

  /**
   * Disarms the deadline; call it on the calling thread right after the call, however it ended. Returns whether the
   * deadline passed (then the call's outcome, whatever it says, is "no answer in time").
   */
  synchronized boolean finish() {
    finished = true;
    alarm.cancel(false);
    if (expired) {
      Thread.interrupted(); // ours, not the caller's
    }
    return expired;
  }

  Duration limit() {
    return limit;
  }
}
