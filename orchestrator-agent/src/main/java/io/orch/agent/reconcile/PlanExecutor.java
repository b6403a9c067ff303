package io.orch.agent.reconcile;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.plan.Action;
import io.orch.core.plan.Action.CreateContainer;
import io.orch.core.plan.Action.CreateNetwork;
import io.orch.core.plan.Action.CreateVolume;
import io.orch.core.plan.Action.PullImage;
import io.orch.core.plan.Action.RemoveContainer;
import io.orch.core.plan.Action.RemoveNetwork;
import io.orch.core.plan.Action.RemoveVolume;
import io.orch.core.plan.Action.StartContainer;
import io.orch.core.plan.Action.StopContainer;
import io.orch.core.restart.RestartReason;
import io.orch.core.restart.RestartTracker;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only component that mutates the engine. Runs a plan in four phases: networks and volumes, image pulls,
 * container work, removal of networks and volumes. Container work for different replicas runs in parallel (a
 * 20-replica service converges about as fast as 20 raw create+start calls); the actions of one replica run in order.
 *
 * <p>Permanent engine errors become the service's last error and the pass goes on; a transient one
 * ({@link EngineException.Unavailable}) is rethrown after the phase so the loop retries the stack with backoff.
 */
public final class PlanExecutor {
  private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

  private final Engine engine;
  private final RestartTracker restarts;
  private final AgentEvents events;
  private final ServiceErrors errors;
  private final Clock clock;
  private final ExecutorService pool;
  private final PullBackoff pulls = new PullBackoff();
  private final Ownership ownership;

  public PlanExecutor(Engine engine, RestartTracker restarts, AgentEvents events, ServiceErrors errors, Clock clock,
      ExecutorService pool) {
    this.engine = engine;
    this.restarts = restarts;
    this.events = events;
    this.errors = errors;
    this.clock = clock;
    this.pool = pool;
    this.ownership = new Ownership(engine);
  }

  /** Runs the plan; returns when the executor itself wants another pass (a pull retry), if ever. */
  public Optional<Duration> apply(String stack, List<Action> actions) {
    return apply(stack, actions, Preemption.NEVER);
  }

  /**
   * Runs the plan until {@code preemption} says its desired state was replaced: from then on no further action is
   * issued (those under way finish), and the caller plans again from the new state.
   */
  public Optional<Duration> apply(String stack, List<Action> actions, Preemption preemption) {
    Pass pass = new Pass(preemption);
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
    private final AtomicInteger issued = new AtomicInteger();
    private volatile boolean preempted;

    Pass(Preemption preemption) {
      this.preemption = preemption;
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
    List<RuntimeException> transientFailures = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof CreateNetwork || a instanceof CreateVolume) {
        run(stack, null, a, pass, transientFailures);
      }
    }
    Set<String> blockedServices = new HashSet<>();
    Optional<Instant> pullRetry = Optional.empty();
    for (Action a : actions) {
      if (a instanceof PullImage p && !pull(stack, p, pass, transientFailures)) {
        blockedServices.add(p.service());
        // Only this plan's blocked pulls wake this stack: an image that failed once for another stack, or that the
        // user since built locally, must not requeue every stack forever.
        pullRetry = earliest(pullRetry, pulls.nextTry(p.image()));
      }
    }
    runContainerWork(stack, actions, blockedServices, pass, transientFailures);
    if (!pass.preempted) {
      forgetRemovedForGood(actions); // a removal left out must keep its replica's history for the next plan
    }
    for (Action a : actions) {
      if (a instanceof RemoveNetwork || a instanceof RemoveVolume) {
        run(stack, null, a, pass, transientFailures);
      }
    }
    if (!transientFailures.isEmpty()) {
      throw transientFailures.get(0);
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

  private void runContainerWork(String stack, List<Action> actions, Set<String> blocked, Pass pass,
      List<RuntimeException> transientFailures) {
    Map<String, List<Action>> perReplica = new LinkedHashMap<>();
    for (Action a : actions) {
      String key = replicaKey(a);
      if (key != null && !blocked.contains(serviceOf(a))) {
        perReplica.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
      }
    }
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (List<Action> replicaActions : perReplica.values()) {
      running.add(CompletableFuture.runAsync(() -> {
        for (Action a : replicaActions) {
          if (!run(stack, serviceOf(a), a, pass, transientFailures)) {
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

  /** A replica removed and not recreated in this plan (scale down, stack removed) starts a fresh history. */
  private void forgetRemovedForGood(List<Action> actions) {
    Set<String> created = new HashSet<>();
    actions.stream().filter(a -> a instanceof CreateContainer)
        .forEach(a -> created.add(((CreateContainer) a).spec().name()));
    actions.stream().filter(a -> a instanceof RemoveContainer).map(a -> ((RemoveContainer) a).name())
        .filter(name -> !created.contains(name)).forEach(restarts::forget);
  }

  private static String replicaKey(Action a) {
    if (a instanceof CreateContainer c) {
      return c.service() + "#" + c.slot();
    } else if (a instanceof StartContainer s) {
      return s.service() + "#" + s.slot();
    } else if (a instanceof StopContainer s) {
      return s.service() + "#" + s.slot();
    } else if (a instanceof RemoveContainer r) {
      return r.service() + "#" + r.slot();
    }
    return null;
  }

  private static String serviceOf(Action a) {
    if (a instanceof CreateContainer c) {
      return c.service();
    } else if (a instanceof StartContainer s) {
      return s.service();
    } else if (a instanceof StopContainer s) {
      return s.service();
    } else if (a instanceof RemoveContainer r) {
      return r.service();
    } else if (a instanceof PullImage p) {
      return p.service();
    }
    return null;
  }

  private boolean pull(String stack, PullImage p, Pass pass, List<RuntimeException> transientFailures) {
    Instant now = clock.instant();
    if (!pulls.mayTry(p.image(), now) || !pass.mayIssue()) {
      return false;
    }
    try {
      log.info("pulling {} for {}/{} ({})", p.image(), stack, p.service(), p.cause());
      engine.pullImage(p.image());
      pulls.succeeded(p.image());
      emit(stack, p.service(), null, null, "image.pulled", null, "pulled " + p.image());
      return true;
    } catch (EngineException.Unavailable e) {
      synchronized (transientFailures) {
        transientFailures.add(e);
      }
      return false;
    } catch (EngineException e) {
      Duration wait = pulls.failed(p.image(), now);
      String msg = "cannot pull image " + p.image() + ": " + e.getMessage() + "; retrying in " + Durations.human(wait)
          + " (build or load the image locally, or fix the image name)";
      errors.record(stack, p.service(), msg);
      emit(stack, p.service(), null, null, "image.pull_failed", null, msg);
      return false;
    }
  }

  /** Runs one action; false when it failed (the reason is recorded) or was not issued (the pass is preempted). */
  private boolean run(String stack, String service, Action a, Pass pass, List<RuntimeException> transientFailures) {
    if (!pass.mayIssue()) {
      return false;
    }
    try {
      execute(stack, a);
      return true;
    } catch (EngineException.Unavailable e) {
      // Retried with backoff by the loop; shown meanwhile, since a 5xx can last (e.g. a host port held by another
      // process) and the user must learn why the service does not converge.
      errors.record(stack, service, "cannot " + a + ": " + e.getMessage() + " (retrying)");
      synchronized (transientFailures) {
        transientFailures.add(e);
      }
      if (a instanceof StartContainer s && s.restartReason() != null) {
        restarts.recordRestart(s.name(), s.restartReason(), clock.instant());
      }
      return false;
    } catch (Ownership.ForeignObjectException e) {
      errors.record(stack, service, e.getMessage());
      log.warn("{}: {}", stack, e.getMessage());
      return false;
    } catch (EngineException.Conflict e) {
      String msg = a instanceof CreateContainer c ? clashMessage(stack, c, e) : conflictMessage(a, e);
      if (msg != null) {
        errors.record(stack, service, msg);
        log.warn("{}: {}", stack, msg);
      }
      return false;
    } catch (EngineException e) {
      String msg = "cannot " + a + ": " + e.getMessage();
      errors.record(stack, service, msg);
      log.warn("{}: {}", stack, msg);
      if (a instanceof StartContainer s && s.restartReason() != null) {
        // A restart whose start fails is still an attempt: it backs off and counts toward max_attempts, instead of
        // being tried again on every pass.
        restarts.recordRestart(s.name(), s.restartReason(), clock.instant());
      }
      return false;
    }
  }

  private void execute(String stack, Action a) {
    if (a instanceof CreateNetwork n) {
      engine.createNetwork(n.spec());
      emit(stack, null, null, null, "network.created", null, "created network " + n.spec().name());
    } else if (a instanceof CreateVolume v) {
      engine.createVolume(v.spec());
      emit(stack, null, null, null, "volume.created", null, "created volume " + v.spec().name());
    } else if (a instanceof CreateContainer c) {
      String id = engine.createContainer(c.spec());
      emit(stack, c.service(), c.slot(), c.spec().name(), "container.created", null, "created (" + c.cause() + ")");
      engine.startContainer(id);
      if (c.restartReason() != null) {
        countRestart(stack, c.service(), c.slot(), c.spec().name(), c.restartReason(), "replaced: " + c.cause());
      } else if (c.cause() != null && c.cause().startsWith("spec changed")) {
        emit(stack, c.service(), c.slot(), c.spec().name(), "container.replaced", null,
            "replaced and started (" + c.cause() + ")");
      } else {
        emit(stack, c.service(), c.slot(), c.spec().name(), "container.started", null, "created and started ("
            + c.cause() + ")");
      }
    } else if (a instanceof StartContainer s) {
      engine.startContainer(s.id());
      if (s.restartReason() != null) {
        countRestart(stack, s.service(), s.slot(), s.name(), s.restartReason(), "restarted: " + s.cause());
      } else {
        emit(stack, s.service(), s.slot(), s.name(), "container.started", null, "started (" + s.cause() + ")");
      }
    } else if (a instanceof StopContainer s) {
      // Destructive calls act on the id whose labels were just read (Ownership); one already gone needs nothing.
      Optional<String> id = ownership.container(stack, s.id());
      if (id.isPresent()) {
        engine.stopContainer(id.get(), s.grace());
        emit(stack, s.service(), s.slot(), s.name(), "container.stopped", null, "stopped (" + s.cause() + ")");
      }
    } else if (a instanceof RemoveContainer r) {
      Optional<String> id = ownership.container(stack, r.id());
      if (id.isPresent()) {
        engine.removeContainer(id.get());
        emit(stack, r.service(), r.slot(), r.name(), "container.removed", null, "removed (" + r.cause() + ")");
      }
    } else if (a instanceof RemoveNetwork n) {
      Optional<String> id = ownership.network(stack, n.id());
      if (id.isPresent()) {
        engine.removeNetwork(id.get());
        emit(stack, null, null, null, "network.removed", null, "removed network " + n.name());
      }
    } else if (a instanceof RemoveVolume v) {
      Optional<String> name = ownership.volume(stack, v.name());
      if (name.isPresent()) {
        engine.removeVolume(name.get());
        emit(stack, null, null, null, "volume.removed", null, "removed volume " + v.name());
      }
    } else if (a instanceof PullImage p) {
      engine.pullImage(p.image());
    }
  }

  private void countRestart(String stack, String service, int slot, String name, RestartReason reason, String msg) {
    restarts.recordRestart(name, reason, clock.instant());
    emit(stack, service, slot, name, "container.restarted", reason.label(), msg);
  }

  /**
   * A create that hits an existing name: if that container is ours, the next pass adopts it; if it is foreign, it is
   * reported and left alone (orch never touches an object without io.orch.managed=true).
   */
  private String clashMessage(String stack, CreateContainer create, EngineException.Conflict e) {
    String name = create.spec().name();
    Optional<ObservedContainer> holder = engine.inspectContainer(name);
    if (holder.isPresent() && holder.get().managed() && stack.equals(holder.get().stack())
        && create.service().equals(holder.get().service())) {
      return null;
    }
    if (holder.isPresent() && holder.get().managed()) {
      return "name clash: container " + name + " belongs to orch stack " + holder.get().stack() + " (service "
          + holder.get().service() + "); rename a service or a stack so their container names differ";
    }
    return "name clash: a container named " + name + " exists that orch does not manage (no io.orch.managed label);"
        + " orch leaves it alone: remove or rename it (docker rm -f " + name + ")";
  }

  private static String conflictMessage(Action a, EngineException.Conflict e) {
    return "cannot " + a + ": " + e.getMessage();
  }

  private void emit(String stack, String service, Integer slot, String container, String type, String reason,
      String message) {
    events.emit(new AgentEvent(clock.instant(), type, stack, service, slot, container, reason, message));
  }
}
