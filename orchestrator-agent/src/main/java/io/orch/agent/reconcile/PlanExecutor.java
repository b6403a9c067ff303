package io.orch.agent.reconcile;

import io.orch.agent.observe.OwnEvents;
import io.orch.agent.observe.OwnEvents.Echo;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.plan.Action.ContainerAction;
import io.orch.core.plan.Action.CreateContainer;
import io.orch.core.plan.Action.CreateNetwork;
import io.orch.core.plan.Action.CreateVolume;
import io.orch.core.plan.Action.PullImage;
import io.orch.core.plan.Action.RemoveContainer;
import io.orch.core.plan.Action.RemoveNetwork;
import io.orch.core.plan.Action.RemoveVolume;
import io.orch.core.plan.Action.StartContainer;
import io.orch.core.plan.Action.StopContainer;
import io.orch.core.plan.Action;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only component that mutates the engine. Runs a plan in four phases: networks and volumes, image pulls,
 * container work, removal of networks and volumes. Container work for different replicas runs in parallel (a
 * 20-replica service converges about as fast as 20 raw create+start calls); the actions of one replica run in order,
 * and stop at the first that does not succeed.
 *
 * <p>It keeps no books: each action's {@link Outcome} goes to the caller's sink as soon as it is known (from the
 * worker threads), and the caller folds it into restarts, status, events and observed state.
 */
public final class PlanExecutor {
  private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

  /** Receives outcomes, possibly from several worker threads at once. */
  @FunctionalInterface
  public interface OutcomeSink {
    void accept(Outcome outcome);
  }

  private final Engine engine;
  private final Clock clock;
  private final ExecutorService pool;
  private final PullBackoff pulls = new PullBackoff();
  private final Ownership ownership;
  private final IngressControl ingress;
  private final OwnEvents echoes;

  public PlanExecutor(Engine engine, Clock clock, ExecutorService pool) {
    this(engine, clock, pool, IngressControl.NONE, OwnEvents.NONE);
  }

  /**
   * As above, draining each replica out of {@code ingress}'s rotation before it is stopped, and announcing to
   * {@code echoes} the create and start events its own calls will cause (the caller looks at the container after each
   * outcome, so those events need no inspect and wake no pass).
   */
  public PlanExecutor(Engine engine, Clock clock, ExecutorService pool, IngressControl ingress, OwnEvents echoes) {
    this.engine = engine;
    this.clock = clock;
    this.pool = pool;
    this.ownership = new Ownership(engine);
    this.ingress = ingress;
    this.echoes = echoes;
  }

  /**
   * Runs the plan until {@code preemption} says its desired state was replaced: from then on no further action is
   * issued (those under way finish), and the caller plans again from the new state. Returns when the executor itself
   * wants another pass (a pull to retry), if ever.
   */
  public Optional<Duration> apply(String stack, List<Action> actions, Preemption preemption, OutcomeSink sink) {
    Pass pass = new Pass(preemption, sink);
    try {
      return apply(stack, actions, pass);
    } finally {
      if (pass.preempted) {
        log.info("stack {} changed during its pass: stopped after issuing {} of {} planned action(s); planning again",
            stack, pass.issued.get(), actions.size());
      }
    }
  }

  /** One execution of a plan: how many actions it issued, and whether it was preempted (for good, once seen). */
  private static final class Pass {
    private final Preemption preemption;
    private final OutcomeSink sink;
    private final AtomicInteger issued = new AtomicInteger();
    private volatile boolean preempted;

    Pass(Preemption preemption, OutcomeSink sink) {
      this.preemption = preemption;
      this.sink = sink;
    }

    /** True when the next action may be issued, false from the first time the stack was seen changed. */
    boolean mayIssue() {
      if (preempted || preemption.superseded()) {
        preempted = true;
        return false;
      }
      issued.incrementAndGet();
      return true;
    }
  }

  private Optional<Duration> apply(String stack, List<Action> actions, Pass pass) {
    for (Action a : actions) {
      if (a instanceof CreateNetwork || a instanceof CreateVolume) {
        run(stack, a, pass);
      }
    }
    Set<String> blockedServices = new HashSet<>();
    Optional<Instant> pullRetry = Optional.empty();
    for (Action a : actions) {
      if (a instanceof PullImage p && !pull(stack, p, pass)) {
        blockedServices.add(p.service());
        // Only this plan's blocked pulls wake this stack: an image that failed once for another stack, or that the
        // user since built locally, must not requeue every stack forever.
        pullRetry = earliest(pullRetry, pulls.nextTry(p.image()));
      }
    }
    runContainerWork(stack, actions, blockedServices, pass);
    for (Action a : actions) {
      if (a instanceof RemoveNetwork || a instanceof RemoveVolume) {
        run(stack, a, pass);
      }
    }
    Instant now = clock.instant();
    return pullRetry.map(t -> t.isBefore(now) ? Duration.ZERO : Duration.between(now, t));
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().isBefore(b.get()) ? a : b;
  }

  private void runContainerWork(String stack, List<Action> actions, Set<String> blocked, Pass pass) {
    Map<String, List<ContainerAction>> perReplica = new LinkedHashMap<>();
    for (Action a : actions) {
      if (a instanceof ContainerAction c && !blocked.contains(c.service())) {
        perReplica.computeIfAbsent(c.service() + "#" + c.slot(), k -> new ArrayList<>()).add(c);
      }
    }
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (List<ContainerAction> replicaActions : perReplica.values()) {
      running.add(CompletableFuture.runAsync(() -> {
        for (ContainerAction a : replicaActions) {
          if (!run(stack, a, pass)) {
            return; // later steps of this replica depend on the failed one
          }
        }
      }, pool));
    }
    try {
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      log.error("container work for stack {} failed unexpectedly", stack, e.getCause());
    }
  }

  private boolean pull(String stack, PullImage p, Pass pass) {
    Instant now = clock.instant();
    if (!pulls.mayTry(p.image(), now) || !pass.mayIssue()) {
      return false;
    }
    try {
      log.info("pulling {} for {}/{} ({})", p.image(), stack, p.service(), p.cause());
      engine.pullImage(p.image());
      pulls.succeeded(p.image());
      pass.sink.accept(new Outcome(p, Outcome.Result.DONE, null, null, clock.instant()));
      return true;
    } catch (EngineException.Unavailable e) {
      pass.sink.accept(new Outcome(p, Outcome.Result.ENGINE_UNAVAILABLE, null, e.getMessage(), clock.instant(),
          e.standing().orElse(null)));
      return false;
    } catch (EngineException e) {
      Duration wait = pulls.failed(p.image(), now);
      pass.sink.accept(new Outcome(p, Outcome.Result.REJECTED, null, e.getMessage() + "; retrying in "
          + Durations.human(wait) + " (build or load the image locally, or fix the image name)", clock.instant(),
          e.standing().orElse(null)));
      return false;
    }
  }

  /** Runs one action and reports its outcome; false when it did not succeed or was not issued (preempted). */
  private boolean run(String stack, Action a, Pass pass) {
    if (!pass.mayIssue()) {
      return false;
    }
    Outcome outcome = execute(stack, a);
    pass.sink.accept(outcome);
    return !outcome.failed();
  }

  private Outcome execute(String stack, Action a) {
    String id = null;
    try {
      if (a instanceof CreateNetwork n) {
        id = engine.createNetwork(n.spec());
      } else if (a instanceof CreateVolume v) {
        engine.createVolume(v.spec());
      } else if (a instanceof CreateContainer c) {
        id = echoed(c.name(), Echo.CREATE, () -> engine.createContainer(c.spec()));
        String created = id;
        echoed(c.name(), Echo.START, () -> {
          engine.startContainer(created);
          return created;
        });
      } else if (a instanceof StartContainer s) {
        id = s.id();
        echoed(s.name(), Echo.START, () -> {
          engine.startContainer(s.id());
          return s.id();
        });
      } else if (a instanceof StopContainer s) {
        // Destructive calls act on the id whose labels were just read (Ownership); one already gone needs nothing.
        id = s.id();
        ownership.container(stack, id).ifPresent(owned -> {
          // Out of the ingress rotation first; its open connections get the grace period to finish (drain).
          ingress.drain(stack, s.service(), owned, s.grace());
          engine.stopContainer(owned, s.grace());
        });
      } else if (a instanceof RemoveContainer r) {
        id = r.id();
        ownership.container(stack, id).ifPresent(owned -> {
          ingress.drain(stack, r.service(), owned, Duration.ZERO); // normally stopped (and drained) already
          engine.removeContainer(owned);
        });
      } else if (a instanceof RemoveNetwork n) {
        ownership.network(stack, n.id()).ifPresent(engine::removeNetwork);
      } else if (a instanceof RemoveVolume v) {
        ownership.volume(stack, v.name()).ifPresent(engine::removeVolume);
      } else if (a instanceof PullImage p) {
        engine.pullImage(p.image());
      }
      return outcome(a, Outcome.Result.DONE, id, null);
    } catch (Ownership.ForeignObjectException e) {
      return outcome(a, Outcome.Result.CONFLICT, id, e.getMessage());
    } catch (EngineException e) {
      // For a create whose start failed, id names the created container: the outcome must let it be observed.
      return failure(stack, a, id, e);
    }
  }

  /**
   * Makes a call whose event the caller will not need to look at (it looks at the container after the outcome); a
   * call that fails, or whose fate is unknown, takes the expectation back.
   */
  private String echoed(String container, Echo echo, Supplier<String> call) {
    echoes.expect(container, echo);
    try {
      return call.get();
    } catch (RuntimeException e) {
      echoes.cancel(container, echo);
      throw e;
    }
  }

  private Outcome failure(String stack, Action a, String id, EngineException e) {
    if (e instanceof EngineException.Conflict && a instanceof CreateContainer c && id == null) {
      return clash(stack, c);
    }
    Outcome.Result result = e instanceof EngineException.Unavailable ? Outcome.Result.ENGINE_UNAVAILABLE
        : Outcome.Result.REJECTED;
    return new Outcome(a, result, id, e.getMessage(), clock.instant(), e.standing().orElse(null));
  }

  /**
   * A create that hits an existing name: if that container is this very replica, the next pass adopts it; if it is
   * foreign, it is reported and left alone (orch never touches an object without io.orch.managed=true).
   */
  private Outcome clash(String stack, CreateContainer create) {
    String name = create.spec().name();
    Optional<ObservedContainer> holder = engine.inspectContainer(name);
    if (holder.isPresent() && holder.get().managed() && stack.equals(holder.get().stack())
        && create.service().equals(holder.get().service())) {
      return outcome(create, Outcome.Result.ALREADY_THERE, holder.get().id(), null);
    }
    if (holder.isPresent() && holder.get().managed()) {
      return outcome(create, Outcome.Result.CONFLICT, null, "name clash: container " + name + " belongs to orch stack "
          + holder.get().stack() + " (service " + holder.get().service() + "); rename a service or a stack so their"
          + " container names differ");
    }
    return outcome(create, Outcome.Result.CONFLICT, null, "name clash: a container named " + name + " exists that"
        + " orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f "
        + name + ")");
  }

  private Outcome outcome(Action a, Outcome.Result result, String id, String detail) {
    return new Outcome(a, result, id, detail, clock.instant());
  }
}
