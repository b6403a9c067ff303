package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EngineEventTranslation;
import io.orch.agent.events.EventType;
import io.orch.agent.observe.ContainerInformer;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineView;
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
 * enqueue a name: an engine event that changed a container of a stack this agent manages, an API change, the periodic
 * resync, and a delay coming due (a restart backoff ending). Engine events first update the {@link ContainerInformer};
 * those that change nothing orch plans on (health-check exec probes, a repeated health status) enqueue nothing, and
 * stacks this agent does not hold (another agent's, or orphans) get no pass and no event: the resync lists them as
 * unmanaged, and drops them once the engine holds none of their containers (a removal event drops them at once).
 * When the event stream drops, it reconnects and resyncs every stack, since events were lost in between.
 */
public final class ReconcileLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

  private final WorkQueue queue;
  private final StackReconciler reconciler;
  private final StateStore store;
  private final EngineView engine;
  private final ContainerInformer informer;
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
      ContainerInformer informer, AgentEvents events, Clock clock, Duration resyncEvery, ReconcileListener listener) {
    this.listener = listener;
    this.informer = informer;
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

  /**
   * Lists the engine once (refreshing the informer) and returns the stacks in the store plus those only the engine
   * knows (adopted or orphaned); null if the engine is down.
   */
  private Set<String> allStacks() {
    Set<String> stacks = new HashSet<>();
    store.all().stream().map(StoredStack::name).forEach(stacks::add);
    try {
      stacks.addAll(informer.relist());
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
      eventStream = engine.watchEvents(this::onEngineEvent, this::eventsEnded);
      if (!engineConnected.getAndSet(true) && initialPassesLeft.get() >= 0) {
        emit(EventType.ENGINE_CONNECTED, "engine connection restored");
      }
      if (initialPassesLeft.get() >= 0) {
        resyncAll(); // events were lost while disconnected
      }
    } catch (EngineException e) {
      eventsEnded(e);
    }
  }

  /** On the event stream's thread: update the observed state, and wake the stack only if something it plans on changed. */
  private void onEngineEvent(EngineEvent e) {
    String labelled = e.attributes().get(Labels.STACK);
    if (labelled != null && !store.holds(labelled)) {
      // Another agent's stack, or an orphan: not even an inspect, the resync's relist lists it. A removal costs no
      // engine call, though, and its stack is listed again at once (dropped from the status once its last container
      // is gone), without a pass and without an event.
      informer.applyRemoval(e).ifPresent(queue::add);
      return;
    }
    try {
      informer.apply(e).filter(store::holds).ifPresent(stack -> {
        EngineEventTranslation.of(e).ifPresent(events::emit);
        listener.engineEvent(e);
        queue.add(stack);
      });
    } catch (EngineException ex) {
      // The inspect behind the event failed: the stack is looked at again now, and on reconnect or resync.
      log.debug("cannot observe the container of engine event {} {}: {}", e.action(), e.id(), ex.getMessage());
      if (labelled != null) {
        queue.add(labelled);
      }
    }
  }

  private void eventsEnded(Throwable error) {
    if (!running.get()) {
      return;
    }
    engineError = error == null ? "event stream closed" : error.getMessage();
    informer.eventsLost();
    if (engineConnected.getAndSet(false)) {
      log.warn("engine event stream ended ({}); reconnecting", error == null ? "closed" : error.getMessage());
      emit(EventType.ENGINE_DISCONNECTED, "engine connection lost: " + (error == null ? "stream closed" : error.getMessage()));
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
      if (!store.holds(stack)) {
        // Another agent's stack, an orphan, or an unreadable stored file: list it as unmanaged, plan nothing.
        try {
          reconciler.publishUnmanaged(stack);
        } catch (RuntimeException e) {
          log.warn("cannot list unmanaged stack {}: {}", stack, e.getMessage());
        } finally {
          if (initialStacks.remove(stack)) {
            initialPassesLeft.decrementAndGet();
          }
          queue.forget(stack);
          queue.done(stack);
        }
        continue;
      }
      MDC.put("stack", stack);
      // A pass is timed with the monotonic clock: the injected Clock is for instants, not durations.
      long started = System.nanoTime();
      ReconcileListener.Result result = ReconcileListener.Result.ERROR;
      try {
        PassResult pass = reconciler.reconcile(stack);
        if (pass.retryWithBackoff()) {
          // An action failed (refused, or a name held by a foreign container): retried with a growing delay.
          result = ReconcileListener.Result.RETRY;
          queue.addRateLimited(stack);
        } else {
          result = ReconcileListener.Result.SUCCESS;
          queue.forget(stack);
          pass.again().ifPresent(d -> queue.addAfter(stack, d));
        }
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

  private void emit(EventType type, String message) {
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
