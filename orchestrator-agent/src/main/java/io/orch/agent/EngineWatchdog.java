package io.orch.agent;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.core.engine.EngineView;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices an engine that stopped answering. The event stream cannot: a stalled dockerd (SIGSTOP, a deadlock) keeps
 * the connection open and silent, and silence is what an idle engine sounds like too. So the engine is pinged every
 * {@code every}, with the ping's own short deadline; while pings fail, {@link #problem()} says why, and
 * {@code /readyz} with it. A stall (a ping without an answer) is announced as {@code engine.disconnected} and its end
 * as {@code engine.connected}; a refused connection is left to the event stream, which notices and announces it.
 * When the engine answers again, {@code onAnsweringAgain} runs (a resync: whatever happened meanwhile is looked at).
 */
public final class EngineWatchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineWatchdog.class);

  private final EngineView engine;
  private final Duration every;
  private final AgentEvents events;
  private final Clock clock;
  private final Runnable onAnsweringAgain;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orch-engine-watchdog");
    t.setDaemon(true);
    return t;
  });
  private volatile String problem;
  private boolean announcedStall; // only touched on the timer thread

  public EngineWatchdog(EngineView engine, Duration every, AgentEvents events, Clock clock,
      Runnable onAnsweringAgain) {
    this.engine = engine;
    this.every = every;
    this.events = events;
    this.clock = clock;
    this.onAnsweringAgain = onAnsweringAgain;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why the engine is not answering, as of the last ping; empty while it answers (or before the first ping). */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** One ping; package-visible for tests. */
  void check() {
    try {
      engine.ping();
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    answered();
  }

  private void answered() {
    String was = problem;
    problem = null;
    if (was == null) {
      return;
    }
    log.info("the Docker Engine answers again (it was: {})", was);
    if (announcedStall) {
      announcedStall = false;
      emit(EventType.ENGINE_CONNECTED, "engine answering again");
    }
    try {
      onAnsweringAgain.run();
    } catch (RuntimeException e) {
      log.warn("acting on the engine answering again failed", e);
    }
  }

  private void failed(RuntimeException e) {
    String reason = "engine not answering: " + e.getMessage();
    boolean first = problem == null;
    problem = reason;
    if (!first) {
      return;
    }
    log.warn("{}; engine calls fail until it answers again", reason);
    if (stalled(e)) {
      announcedStall = true;
      emit(EventType.ENGINE_DISCONNECTED, reason + "; engine calls fail until it answers again");
    }
  }

  /** A call that got no answer in time, as opposed to one the engine refused or a connection that failed. */
  static boolean stalled(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private void emit(EventType type, String message) {
    try {
      events.emit(new AgentEvent(clock.instant(), type, null, null, null, null, null, message));
    } catch (RuntimeException e) {
      log.warn("cannot announce {}", type, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
