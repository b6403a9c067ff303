package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EngineEventTranslation;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.plan.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The level-triggered loop: one worker takes stack names from the {@link WorkQueue} and reconciles them. Four things
 * enqueue a name: an engine event on a managed object, an API change, the periodic resync, and a delay coming due
 * (a restart backoff ending). When the event stream drops, it reconnects and resyncs every stack, since events were
 * lost in between.
 */
public final class ReconcileLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

  private final WorkQueue queue;
  private final StackReconciler reconciler;
  private final StateStore store;
  private final EngineView engine;
  private final AgentEvents events;
  private final Clock clock;
  private final Duration resyncEvery;
  private final ReconcileListener listener;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orch-timers");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean engineConnected = new AtomicBoolean();
  private final AtomicInteger initialPassesLeft = new AtomicInteger(-1);
  private final Set<String> initialStacks = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile Closeable eventStream;
  private volatile String engineError;
  private Thread worker;

  public ReconcileLoop(WorkQueue queue, StackReconciler reconciler, StateStore store, EngineView engine,
      AgentEvents events, Clock clock, Duration resyncEvery) {
    this(queue, reconciler, store, engine, events, clock, resyncEvery, ReconcileListener.NOOP);
  }

  public ReconcileLoop(WorkQueue queue, StackReconciler reconciler, StateStore store, EngineView engine,
      AgentEvents events, Clock clock, Duration resyncEvery, ReconcileListener listener) {
    this.listener = listener;
    this.queue = queue;
    this.reconciler = reconciler;
    this.store = store;
    this.engine = engine;
    this.events = events;
    this.clock = clock;
    this.resyncEvery = resyncEvery;
  }

  /** Watches events first (so nothing is missed), then enqueues every stack known to the store or the engine. */
  public void start() {
    running.set(true);
    connectEvents();
    worker = new Thread(this::runWorker, "orch-reconcile");
    worker.start();
    timers.scheduleWithFixedDelay(this::resyncAll, resyncEvery.toMillis(), resyncEvery.toMillis(),
        TimeUnit.MILLISECONDS);
    timers.execute(this::initialSync);
  }

  /** True once the engine answered and every stack known at start-up had its first full pass. */
  public boolean ready() {
    return engineConnected.get() && initialPassesLeft.get() == 0;
  }

  /** Why {@link #ready()} is false, for {@code /readyz}; empty when ready. */
  public Optional<String> notReadyReason() {
    return io.orch.agent.status.Readiness.loop(engineConnected.get(), engineError, initialPassesLeft.get());
  }

  /** Looks at every stack again soon, e.g. once a stalled engine answers again. */
  public void resyncNow() {
    timers.execute(this::resyncAll);
  }

  /** Called by the API after a change to the desired state. */
  public void enqueue(String stack) {
    queue.add(stack);
  }

  private void initialSync() {
    Set<String> stacks = allStacks();
    if (stacks == null) {
      timers.schedule(this::initialSync, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    initialStacks.addAll(stacks);
    initialPassesLeft.set(stacks.size());
    log.info("observed the engine: {} stack(s) to reconcile {}", stacks.size(), stacks);
    stacks.forEach(queue::add);
  }

  /** Stacks in the store plus stacks that only the engine knows (adopted or orphaned); null if the engine is down. */
  private Set<String> allStacks() {
    Set<String> stacks = new HashSet<>();
    store.all().stream().map(StoredStack::name).forEach(stacks::add);
    try {
      for (ObservedContainer c : engine.listContainers(Map.of(Labels.MANAGED, "true"))) {
        if (c.stack() != null) {
          stacks.add(c.stack());
        }
      }
      engineConnected.set(true);
      return stacks;
    } catch (EngineException e) {
      log.warn("engine not reachable yet: {}", e.getMessage());
      engineError = e.getMessage();
      engineConnected.set(false);
      return null;
    }
  }

  private void resyncAll() {
    Set<String> stacks = allStacks();
    if (stacks != null) {
      stacks.forEach(queue::add);
    }
  }

  private void connectEvents() {
    if (!running.get()) {
      return;
    }
    try {
      // docker-java reports a failed events connection later, on its own thread; a ping first makes "connected"
      // mean connected (no engine.connected event every second while the engine is down).
      engine.ping();
      eventStream = engine.watchEvents(e -> {
        String stack = e.attributes().get(Labels.STACK);
        if (stack != null && "true".equals(e.attributes().get(Labels.MANAGED))) {
          EngineEventTranslation.of(e).ifPresent(events::emit);
          listener.engineEvent(e);
          queue.add(stack);
        }
      }, this::eventsEnded);
      if (!engineConnected.getAndSet(true) && initialPassesLeft.get() >= 0) {
        emit("engine.connected", "engine connection restored");
      }
      if (initialPassesLeft.get() >= 0) {
        resyncAll(); // events were lost while disconnected
      }
    } catch (EngineException e) {
      eventsEnded(e);
    }
  }

  private void eventsEnded(Throwable error) {
    if (!running.get()) {
      return;
    }
    engineError = error == null ? "event stream closed" : error.getMessage();
    if (engineConnected.getAndSet(false)) {
      log.warn("engine event stream ended ({}); reconnecting", error == null ? "closed" : error.getMessage());
      emit("engine.disconnected", "engine connection lost: " + (error == null ? "stream closed" : error.getMessage()));
    }
    timers.schedule(this::connectEvents, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runWorker() {
    while (running.get()) {
      String stack;
      try {
        Optional<String> next = queue.take();
        if (next.isEmpty()) {
          return;
        }
        stack = next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      MDC.put("stack", stack);
      // A pass is timed with the monotonic clock: the injected Clock is for instants, not durations.
      long started = System.nanoTime();
      ReconcileListener.Result result = ReconcileListener.Result.ERROR;
      try {
        Optional<Duration> again = reconciler.reconcile(stack);
        result = ReconcileListener.Result.SUCCESS;
        queue.forget(stack);
        again.ifPresent(d -> queue.addAfter(stack, d));
      } catch (EngineException.Unavailable e) {
        result = ReconcileListener.Result.RETRY;
        log.warn("reconcile of stack {} failed, will retry: {}", stack, e.getMessage());
        queue.addRateLimited(stack);
      } catch (RuntimeException | StackOverflowError | NoClassDefFoundError e) {
        // A bug in one stack must not kill the only worker while /healthz keeps saying the agent is alive.
        log.error("reconcile of stack {} failed unexpectedly", stack, e);
        queue.addRateLimited(stack);
      } finally {
        // Readiness means every stack known at start-up had a pass, even one that must be retried: a lasting engine
        // refusal for one stack is reported in its status, not by keeping the whole agent unready.
        if (initialStacks.remove(stack)) {
          initialPassesLeft.decrementAndGet();
        }
        MDC.remove("stack");
        queue.done(stack);
        listener.passFinished(stack, Duration.ofNanos(System.nanoTime() - started), result);
      }
    }
  }

  private void emit(String type, String message) {
    events.emit(new AgentEvent(clock.instant(), type, null, null, null, null, null, message));
  }

  @Override
  public void close() {
    running.set(false);
    queue.shutDown();
    timers.shutdownNow();
    Closeable stream = eventStream;
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        log.debug("closing event stream: {}", e.getMessage());
      }
    }
    if (worker != null) {
      try {
        worker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
