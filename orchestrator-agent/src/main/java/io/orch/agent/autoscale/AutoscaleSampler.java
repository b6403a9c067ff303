package io.orch.agent.autoscale;

import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.core.autoscale.AutoscaleDecision;
import io.orch.core.autoscale.Autoscaler;
import io.orch.core.autoscale.Sample;
import io.orch.core.engine.ContainerUsage;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.Autoscale;
import io.orch.core.model.ServiceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler's measuring side (the HPA controller's sync loop): every {@code period}, for each autoscaled service
 * of the stacks this agent holds, reads the engine's usage of every running replica (as the last reconcile pass saw
 * them), averages over the ready ones (running, and healthy where there is a health check), runs the HPA's rule
 * ({@link Autoscaler#decide}) and submits the decision to {@link Autoscaling}, then wakes the stack's reconcile.
 * Reads only: the engine is changed by the plan executor, after the reconciler folded the decision in.
 */
public final class AutoscaleSampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AutoscaleSampler.class);
  /** HPA's {@code --horizontal-pod-autoscaler-sync-period}. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(15);

  private final EngineView engine;
  private final StateStore store;
  private final StatusBoard board;
  private final Autoscaling autoscaling;
  private final Consumer<String> enqueue;
  private final Clock clock;
  private final Duration period;
  private final UsageMeter meter = new UsageMeter();
  private final ReplicaUsage usage;
  /**
   * Stats calls at once. The engine answers a one-shot stats call at its next collection tick (every second), so one
   * replica after the other would take about a second each (measured: bench/RESULTS.md); asked together, the replicas
   * of a service are answered by the same tick. Bounded below the engine client's 100 connections, which the
   * reconcile loop's container work shares.
   */
  static final int STATS_CALLS_AT_ONCE = 32;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orch-autoscale");
    t.setDaemon(true);
    return t;
  });
  private final ExecutorService statsCalls = Executors.newFixedThreadPool(STATS_CALLS_AT_ONCE, new ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "orch-autoscale-stats-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  /** Reads usage through the engine's stats API only. */
  public AutoscaleSampler(EngineView engine, StateStore store, StatusBoard board, Autoscaling autoscaling,
      Consumer<String> enqueue, Clock clock, Duration period) {
    this(engine, ReplicaUsage.statsOnly(engine, clock), store, board, autoscaling, enqueue, clock, period);
  }

  /**
   * The agent's: reads each replica's cgroup files under {@code /sys/fs/cgroup}, found from {@code /proc/<pid>/cgroup}
   * of the init process {@code initPid} names, where this agent can see them; the stats API for the others.
   */
  public AutoscaleSampler(EngineView engine, Function<String, OptionalLong> initPid, StateStore store,
      StatusBoard board, Autoscaling autoscaling, Consumer<String> enqueue, Clock clock, Duration period) {
    this(engine, new ReplicaUsage(engine, initPid, Path.of("/proc"), Path.of("/sys/fs/cgroup"), clock), store, board,
        autoscaling, enqueue, clock, period);
  }

  AutoscaleSampler(EngineView engine, ReplicaUsage usage, StateStore store, StatusBoard board,
      Autoscaling autoscaling, Consumer<String> enqueue, Clock clock, Duration period) {
    this.usage = usage;
    this.engine = engine;
    this.store = store;
    this.board = board;
    this.autoscaling = autoscaling;
    this.enqueue = enqueue;
    this.clock = clock;
    this.period = period;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::tickSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("autoscaler pass failed: {}", e.toString());
    }
  }

  /** One period: measure and decide every autoscaled service once. */
  void tick() {
    Set<String> seen = new HashSet<>();
    boolean engineAway = false;
    for (StoredStack s : store.all()) {
      if (engineAway) {
        break;
      }
      if (s.deleting()) {
        continue;
      }
      boolean submitted = false;
      for (ServiceSpec spec : s.stack().services().values()) {
        if (spec.orch().autoscale() == null || engineAway) {
          continue;
        }
        try {
          decide(s.name(), spec, seen);
          submitted = true;
        } catch (EngineException.Unavailable e) {
          // The engine is away or stalled: nothing more is decided this period (every count stays), as the HPA skips
          // a failed fetch; waiting out a call deadline per replica would only delay the next period.
          log.debug("cannot measure {}/{}: {}; next period", s.name(), spec.name(), e.getMessage());
          engineAway = true;
        } catch (EngineException e) {
          log.debug("cannot measure {}/{}: {}", s.name(), spec.name(), e.getMessage());
        }
      }
      if (submitted) {
        enqueue.accept(s.name());
      }
    }
    if (!engineAway) {
      meter.retain(seen); // else the replicas not reached keep their last reading for the next period
      usage.retain(seen);
    }
  }

  private void decide(String stack, ServiceSpec spec, Set<String> seen) {
    Autoscale rule = autoscaling.rule(stack, spec);
    int current = autoscaling.replicas(stack, spec);
    List<Sample> samples = samples(stack, spec, rule, seen);
    Instant now = clock.instant();
    Optional<ServiceScaling> kept = autoscaling.scaling(stack, spec.name());
    AutoscaleDecision decision = Autoscaler.decide(rule, current, samples,
        kept.map(ServiceScaling::history).orElse(List.of()), kept.map(ServiceScaling::events).orElse(List.of()), now);
    log.debug("{}/{}: {}", stack, spec.name(), decision.reason());
    autoscaling.submit(stack, spec.name(), decision, now);
  }

  /**
   * One sample per running replica that the engine still reports, readiness as the last pass observed it; a ready
   * replica that measured nothing yet is left out, so the reason says "no samples" rather than "not ready".
   */
  private List<Sample> samples(String stack, ServiceSpec spec, Autoscale rule, Set<String> seen) {
    Optional<ServiceStatus> status = board.get(stack)
        .flatMap(b -> b.services().stream().filter(x -> x.service().equals(spec.name())).findFirst());
    if (status.isEmpty()) {
      return List.of();
    }
    Double cpuBasis = Autoscale.cpuBasis(spec.resources());
    Long memoryBasis = Autoscale.memoryBasis(spec.resources());
    List<ContainerStatus> running = status.get().containers().stream()
        .filter(c -> c.state() == ObservedContainer.State.RUNNING && c.id() != null).toList();
    // A cgroup read takes microseconds: done here. A stats call waits for the engine's next tick: all at once.
    List<CompletableFuture<Optional<ContainerUsage>>> calls = running.stream()
        .map(c -> usage.fromCgroup(c.id()) ? CompletableFuture.completedFuture(usage.read(c.id()))
            : CompletableFuture.supplyAsync(() -> usage.read(c.id()), statsCalls)).toList();
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      ContainerStatus c = running.get(i);
      Optional<ContainerUsage> usage = result(calls.get(i));
      if (usage.isEmpty()) {
        continue; // stopped or removed since the pass: not a running replica
      }
      seen.add(c.id());
      boolean ready = !status.get().hasHealthcheck() || c.health() == ObservedContainer.Health.HEALTHY;
      Sample sample = meter.sample(c.id(), usage.get(), ready, cpuBasis, memoryBasis);
      // A ready replica with no value for any metric of the rule (its first CPU reading) measured nothing yet.
      boolean measured = (rule.cpuPercent() != null && sample.cpu() != null)
          || (rule.memoryPercent() != null && sample.memory() != null);
      if (measured || !ready) {
        samples.add(sample);
      }
    }
    return samples;
  }

  /** The call's answer; its engine failure as thrown by the engine, so the caller can tell an outage apart. */
  private static Optional<ContainerUsage> result(CompletableFuture<Optional<ContainerUsage>> call) {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    statsCalls.shutdownNow();
  }
}
