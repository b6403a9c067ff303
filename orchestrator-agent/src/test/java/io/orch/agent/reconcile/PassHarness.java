package io.orch.agent.reconcile;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EngineEventTranslation;
import io.orch.agent.observe.ContainerInformer;
import io.orch.agent.state.RestartBook;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.ServiceErrors;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.testing.FakeEngine;
import io.orch.agent.testing.MutableClock;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Stack;
import io.orch.core.plan.Action;
import io.orch.core.plan.Plan;
import io.orch.core.plan.Planner;
import io.orch.core.restart.ReplicaSlot;
import io.orch.core.restart.RestartHistory;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The agent's reconcile parts wired as {@code AgentMain} wires them (informer, observer, planner, executor, restart
 * book, errors, status board, state store, stack reconciler) against a {@link FakeEngine} on a {@link MutableClock},
 * with the engine's events fed to the informer as {@code ReconcileLoop} feeds them. Container work runs on the
 * caller's thread, so a pass is deterministic. Everything a scenario does and every pass is written to a transcript
 * that the golden tests compare as text.
 *
 * <p>Times print as offsets from the start ({@code +17s}); container ids never print (they are hashes).
 */
final class PassHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final FakeEngine fake = new FakeEngine(clock).addImage("busybox");
  private final Path stateDir;
  private final StringBuilder transcript = new StringBuilder();
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> woken = new CopyOnWriteArrayList<>();
  private final List<Plan> plans = new CopyOnWriteArrayList<>();
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private int eventsShown;
  private List<String> wokenDuringLastPass = List.of();

  // One agent's objects: replaced by restartAgent(), as a new agent process would build them on the same state dir.
  StateStore store;
  ContainerInformer informer;
  RestartBook restarts;
  ServiceErrors errors;
  StatusBoard board;
  StackReconciler reconciler;
  Autoscaling autoscaling;
  private Closeable watch;
  private boolean connected;

  PassHarness(Path stateDir) {
    this.stateDir = stateDir;
    startAgent();
  }

  /** What AgentMain builds, then what ReconcileLoop.start does: watch events first, then list the engine. */
  private void startAgent() {
    store = new StateStore(stateDir);
    informer = new ContainerInformer(fake, clock);
    restarts = new RestartBook(stateDir);
    errors = new ServiceErrors();
    board = new StatusBoard();
    autoscaling = new Autoscaling(stateDir);
    PassObserver tap = new PassObserver() {
      @Override
      public void planned(String stack, Plan plan) {
        plans.add(plan);
      }

      @Override
      public void outcome(String stack, Outcome outcome) {
        outcomes.add(outcome);
      }
    };
    reconciler = new StackReconciler(store, new StackObserver(fake, informer), informer, new Planner(),
        new PlanExecutor(fake, clock, new SameThread(), IngressControl.NONE, informer), restarts, errors, board, events::add, clock, tap,
        autoscaling, IngressControl.NONE);
    connect();
  }

  /** A new agent process on the same state dir and engine (kill -9 and start again). */
  void restartAgent() {
    note("agent restarted (same state dir)");
    closeWatch();
    startAgent();
  }

  /** What ReconcileLoop does when the event stream comes back: watch again, and list (events were lost). */
  void connect() {
    closeWatch();
    watch = fake.watchEvents(this::onEngineEvent, error -> {
      connected = false;
      informer.eventsLost();
    });
    connected = true;
    informer.relist();
  }

  boolean connected() {
    return connected;
  }

  /** ReconcileLoop.onEngineEvent: update the informer; only a change of a held stack is announced and wakes it. */
  private void onEngineEvent(EngineEvent e) {
    informer.apply(e).filter(store::holds).ifPresent(stack -> {
      EngineEventTranslation.of(e).ifPresent(events::add);
      woken.add(stack);
    });
  }

  /** The stacks that engine events woke while the last pass ran (its own actions' events). */
  List<String> wokenDuringLastPass() {
    return wokenDuringLastPass;
  }

  /** Starts counting engine calls afresh (see {@link #noteEngineCalls}). */
  void countEngineCallsFromHere() {
    fake.clearCalls();
  }

  /**
   * Writes to the transcript, and prints, the engine calls made since {@link #countEngineCallsFromHere} (events, the
   * passes, the executor's looks), and returns them: the cost of {@code what} in engine calls.
   */
  List<FakeEngine.Op> noteEngineCalls(String what) {
    List<FakeEngine.Op> ops = fake.calls().stream().map(FakeEngine.Call::op).toList();
    String line = "engine calls for " + what + ": " + ops.size() + " ("
        + String.join(", ", ops.stream().map(FakeEngine.Op::operation).toList()) + ")";
    System.out.println(line);
    note(line);
    fake.clearCalls();
    return ops;
  }

  /** The stacks engine events woke since the last pass or call (what the loop would queue), then forgets them. */
  List<String> takeWoken() {
    List<String> w = List.copyOf(woken);
    woken.clear();
    return w;
  }

  // ------------------------------------------------------------------ scenario steps

  /** Submits (or resubmits) a stack as PUT /v1/stacks/{name} stores it. */
  void submit(String yaml) {
    LoadResult loaded = new StackLoader(Map.of()).loadText(yaml, "stack.yml", null, null, Set.of());
    if (!loaded.ok()) {
      throw new IllegalArgumentException("test stack does not load: " + loaded.diagnostics());
    }
    Stack stack = loaded.stack();
    store.put(store.get(stack.name()).map(s -> s.withStack(stack, clock.instant()))
        .orElseGet(() -> new StoredStack(stack, 1, clock.instant(), false, false)));
    note("submit " + stack.name());
  }

  void advance(Duration d) {
    clock.advance(d);
    note("clock " + at(clock.instant()));
  }

  void crash(String container, int exitCode) {
    fake.crash(container, exitCode);
    note("crash " + container + " (exit " + exitCode + ")");
  }

  /** A line of the transcript saying what the scenario did between passes. */
  void note(String what) {
    transcript.append("> ").append(what).append('\n');
  }

  /** One reconcile pass of {@code stack}, written to the transcript; returns how it ended (null if it threw). */
  PassResult pass(String stack) {
    plans.clear();
    outcomes.clear();
    transcript.append("pass ").append(stack).append(" at ").append(at(clock.instant())).append('\n');
    PassResult result = null;
    String ended;
    try {
      result = reconciler.reconcile(stack);
      ended = result.retryWithBackoff() ? "retry with backoff"
          : result.again().map(d -> "again in " + human(d)).orElse("idle");
    } catch (RuntimeException e) {
      ended = "threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    List<Action> actions = plans.isEmpty() ? List.of() : plans.get(0).actions();
    transcript.append("  plan:").append(plans.isEmpty() ? " none (the pass ended before planning)\n"
        : actions.isEmpty() ? " nothing\n" : "\n");
    actions.forEach(a -> transcript.append("    ").append(a).append('\n'));
    if (!outcomes.isEmpty()) {
      transcript.append("  outcomes:\n");
      outcomes.forEach(o -> transcript.append("    ").append(render(o)).append('\n'));
    }
    transcript.append("  result: ").append(ended).append('\n');
    board.get(stack).ifPresentOrElse(this::render, () -> transcript.append("  status: none\n"));
    renderNewEvents();
    // What the pass's own actions woke (nothing, since the echoes of its creates and starts are expected), then
    // forgotten: what counts is what wakes it after the pass.
    wokenDuringLastPass = List.copyOf(woken);
    woken.clear();
    return result;
  }

  /** Events since the last pass (engine events translated by the loop, and those of the pass). */
  private void renderNewEvents() {
    List<AgentEvent> fresh = events.subList(eventsShown, events.size());
    if (!fresh.isEmpty()) {
      transcript.append("  events:\n");
      for (AgentEvent e : fresh) {
        String subject = e.container() != null ? e.container() : e.service() != null ? e.service() : e.stack();
        transcript.append("    ").append(at(e.time())).append(' ').append(e.type().wire()).append(' ')
            .append(subject).append(e.reason() == null ? "" : " [" + e.reason() + "]").append(": ")
            .append(e.message()).append('\n');
      }
    }
    eventsShown = events.size();
  }

  /** Starts the transcript afresh: what came before is another golden's story. */
  void forgetTranscript() {
    transcript.setLength(0);
  }

  String transcript() {
    return transcript.toString();
  }

  /** The stored restart history of one slot, as the restart book holds it now. */
  RestartHistory history(String stack, String service, int slot) {
    return restarts.of(stack).of(new ReplicaSlot(service, slot));
  }

  Optional<StackStatus> status(String stack) {
    return board.get(stack);
  }

  // ------------------------------------------------------------------ rendering

  private static String render(Outcome o) {
    String action = o.action().toString();
    int cause = action.indexOf(" (");
    String what = cause < 0 ? action : action.substring(0, cause);
    return o.result() + " " + what + (o.detail() == null ? "" : ": " + o.detail());
  }

  private void render(StackStatus status) {
    for (ServiceStatus s : status.services()) {
      StringBuilder line = new StringBuilder("  status ").append(s.service()).append(": ").append(s.state().wire())
          .append(", ").append(s.running()).append('/').append(s.desired()).append(" running");
      if (s.hasHealthcheck()) {
        line.append(", ").append(s.healthy()).append(" healthy");
      }
      line.append(", restarts ").append(s.restarts());
      if (s.backoffUntil() != null) {
        line.append(", backoff until ").append(at(s.backoffUntil()));
      }
      transcript.append(line).append('\n');
      for (ContainerStatus c : s.containers()) {
        StringBuilder cl = new StringBuilder("    ").append(c.name()).append(": ")
            .append(c.state().name().toLowerCase(java.util.Locale.ROOT));
        if (c.state() != ObservedContainer.State.RUNNING && c.exitCode() != null) {
          cl.append(' ').append(c.exitCode());
        }
        if (c.health() != ObservedContainer.Health.NONE) {
          cl.append(", ").append(c.health().name().toLowerCase(java.util.Locale.ROOT));
        }
        cl.append(", restarts ").append(c.restarts());
        if (c.restartDue() != null) {
          cl.append(", restart due ").append(at(c.restartDue()));
        }
        transcript.append(cl).append('\n');
      }
      s.notes().forEach(n -> transcript.append("    note: ").append(n).append('\n'));
      if (s.lastError() != null) {
        transcript.append("    last error: ").append(s.lastError()).append('\n');
      }
    }
  }

  static String at(Instant t) {
    return "+" + human(Duration.between(T0, t));
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
  }

  private void closeWatch() {
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      watch = null;
    }
  }

  @Override
  public void close() {
    closeWatch();
  }

  /** Runs container work on the caller's thread: the executor's order is then the plan's order. */
  private static final class SameThread extends AbstractExecutorService {
    private volatile boolean shut;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shut = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shut = true;
      return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
      return shut;
    }

    @Override
    public boolean isTerminated() {
      return shut;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
