package io.orch.agent;

import io.orch.agent.autoscale.AutoscaleSampler;
import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.docker.DockerEngine;
import io.orch.agent.docker.KnownEngineBugs;
import io.orch.agent.metrics.AutoscaleMetrics;
import io.orch.agent.reconcile.PassObserver;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventHub;
import io.orch.agent.events.EventType;
import io.orch.agent.events.FanOutEvents;
import io.orch.agent.events.RequestEvents;
import io.orch.agent.events.LoggingEvents;
import io.orch.agent.ingress.Ingress;
import io.orch.agent.ingress.IngressBudget;
import io.orch.agent.metrics.AgentMeterRegistry;
import io.orch.agent.metrics.OrchMetrics;
import io.orch.agent.observe.ContainerInformer;
import io.orch.agent.reconcile.PassObserver;
import io.orch.agent.reconcile.PlanExecutor;
import io.orch.agent.reconcile.ReconcileLoop;
import io.orch.agent.status.ServiceErrors;
import io.orch.agent.reconcile.StackObserver;
import io.orch.agent.reconcile.StackReconciler;
import io.orch.agent.reconcile.WorkQueue;
import io.orch.agent.desired.DesiredStacks;
import io.orch.agent.logs.ServiceLogs;
import io.orch.agent.server.AgentBackend;
import io.orch.agent.status.Readiness;
import io.orch.agent.view.StatusView;
import io.orch.agent.state.RestartBook;
import io.orch.agent.state.StateDir;
import io.orch.agent.state.StateStore;
import io.orch.agent.status.StatusBoard;
import io.orch.api.local.AgentJvm;
import io.orch.api.local.Version;
import io.orch.api.server.ApiConfig;
import io.orch.api.server.ApiServer;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineInfo;
import io.orch.core.plan.Planner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the agent's objects in one place and runs them until SIGTERM. Stopping the agent leaves every container
 * running (as dockerd's live-restore does); `orch down` is what removes them.
 */
public final class AgentMain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  /**
   * Replicas created or started at once. Engine calls mostly wait on dockerd, so threads are cheap; fewer than a
   * stack's replicas would queue creates behind each other (measured: 16 threads for 20 replicas cost ~0.4 s).
   * The docker-java client allows 100 connections. {@code -Dorch.containerWorkers=N} overrides it (bench/footprint.sh
   * measures 16 against 64).
   */
  public static final int CONTAINER_WORKERS = Math.max(1, Integer.getInteger("orch.containerWorkers", 64));

  private final ReconcileLoop loop;
  private final ApiServer server;
  private final ExecutorService containerWork;
  private final DockerEngine engine;
  private final EngineWatchdog watchdog;
  private final AutoscaleSampler autoscaler;
  private final AgentMeterRegistry meters;
  private final EventHub eventHub;
  private final Ingress ingress;
  private final int port;

  public AgentMain(AgentConfig config) throws InterruptedException {
    Clock clock = Clock.systemUTC();
    String token = TokenFile.readOrCreate(config.stateDir()); // before tightening: a loose token is refused, not fixed
    tightenStateDir(config.stateDir());
    refuseOpenBindWithoutToken(config.host(), token);
    StatusBoard board = new StatusBoard();
    OrchMetrics metrics = new OrchMetrics(board, Version.get());
    meters = new AgentMeterRegistry(metrics);
    engine = DockerEngine.fromEnvironment(metrics);
    eventHub = new EventHub(EventHub.DEFAULT_CAPACITY, List.of());
    AgentEvents events = new FanOutEvents(List.of(new LoggingEvents(), metrics, eventHub));
    StateStore store = new StateStore(config.stateDir());
    store.unreadable().forEach(u -> events.emit(new AgentEvent(clock.instant(), EventType.STACK_UNREADABLE, u.name(), null,
        null, null, null,
        u.file() + " " + u.reason() + "; its containers are left alone until it is submitted again")));
    ServiceErrors errors = new ServiceErrors();
    containerWork = Executors.newFixedThreadPool(CONTAINER_WORKERS, daemonThreads("orch-engine-"));
    ContainerInformer informer = new ContainerInformer(engine, clock);
    // The API's connections are set apart from the ingress's share of the descriptors (issue 19 item 3).
    ingress = new Ingress(informer::containersOf, meters.registry(), clock, events,
        IngressBudget.forThisProcess(config.httpLimits().maxConnections()));
    informer.onChange(ingress::containersChanged); // a replica leaves the rotation on the event, not the next pass
    PlanExecutor executor = new PlanExecutor(engine, clock, containerWork, ingress, informer);
    RestartBook restarts = new RestartBook(config.stateDir());
    Planner planner = new Planner();
    StackObserver observer = new StackObserver(engine, informer);
    Autoscaling autoscaling = new Autoscaling(config.stateDir());
    new AutoscaleMetrics(autoscaling).bindTo(meters.registry());
    StackReconciler reconciler = new StackReconciler(store, observer, informer, planner, executor, restarts, errors,
        board, events, clock, PassObserver.NONE, autoscaling, ingress);
    loop = new ReconcileLoop(new WorkQueue(clock), reconciler, store, engine, informer, events, clock,
        config.resyncEvery(), metrics);
    // Pings with its own short deadline; the event stream cannot tell a stalled engine from an idle one.
    watchdog = new EngineWatchdog(engine, engine.settings().pingEvery(), events, clock, loop::resyncNow);
    // Reads the replicas' cgroup files (the engine's stats where it cannot) and submits decisions; the reconciler
    // folds them in and the executor acts.
    autoscaler = new AutoscaleSampler(engine, engine::initPid, store, board, autoscaling, loop::enqueue, clock,
        config.autoscaleEvery());
    // The API: the desired state is the only writer of the store on its side; reads come from the status view.
    DesiredStacks desired = new DesiredStacks(store, board, loop, observer, reconciler, events, clock,
        config.replicaLimit(), autoscaling);
    AgentBackend backend = new AgentBackend(desired, new StatusView(store, board, autoscaling),
        new ServiceLogs(engine, informer), engine, eventHub,
        () -> Readiness.combine(watchdog.problem(), loop.notReadyReason()), clock, Version.get());
    server = new ApiServer(new ApiConfig(config.host(), config.port(), token, ApiConfig.DEFAULT_MAX_BODY_BYTES,
        config.httpLimits()), backend, new RequestEvents(metrics, events, clock), meters::scrape);
    try {
      engine.ping();
      EngineInfo info = engine.info();
      log.info("connected to the Docker Engine {}", info);
      KnownEngineBugs.warningFor(info.version()).ifPresent(log::warn);
    } catch (EngineException e) {
      log.warn("the Docker Engine does not answer yet ({}); will keep trying", e.getMessage());
    }
    loop.start();
    watchdog.start();
    autoscaler.start();
    port = server.start();
    events.emit(new AgentEvent(clock.instant(), EventType.AGENT_STARTED, null, null, null, null, null,
        "orch agent " + Version.get() + " listening on http://" + config.host() + ":" + port + ", state in "
            + config.stateDir()));
  }

  public int port() {
    return port;
  }

  /** Runs until the JVM is asked to stop (SIGTERM, SIGINT). */
  public static void runUntilStopped(AgentConfig config) throws InterruptedException {
    AgentJvm.warnIfOutOfMemoryDoesNotExit(log);
    AgentMain agent = new AgentMain(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping the agent; containers keep running");
      agent.close();
      stopped.countDown();
    }, "orch-shutdown"));
    stopped.await();
  }

  /** Stack files hold secrets: whatever made the state dir looser than 0700/0600 is undone, and said. */
  private static void tightenStateDir(java.nio.file.Path stateDir) {
    try {
      for (StateDir.PermissionFix fix : StateDir.tighten(stateDir)) {
        log.warn("state dir entry was open to group or others, now private: {}", fix);
      }
    } catch (java.io.IOException e) {
      log.warn("cannot make the state dir {} private (0700, files 0600): {}", stateDir, e.toString());
    }
  }

  /** Binding beyond loopback hands the engine to the network: only with a token (DESIGN "HTTP API"). */
  private static void refuseOpenBindWithoutToken(String host, String token) {
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress() && (token == null || token.isBlank())) {
        throw new IllegalStateException("refusing to listen on " + host + " without an API token");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve listen address " + host, e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop();
    autoscaler.close();
    watchdog.close();
    loop.close();
    ingress.close();
    containerWork.shutdownNow();
    eventHub.close();
    try {
      engine.close();
    } catch (java.io.IOException e) {
      log.debug("closing the engine client: {}", e.getMessage());
    }
    meters.close();
  }
}
