package io.orch.agent.ingress;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.reconcile.IngressControl;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.Stack;
import io.orch.core.plan.IngressRoute;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * orch's ingress (DESIGN "Ports"): a Netty TCP proxy on each published host port of a service that runs several
 * replicas (or start-first updates), spreading connections round-robin over the replicas in {@link Rotation}.
 *
 * <p>The declared stacks decide which ports are bound ({@link #declare}, from each stack's pass); the agent's view of
 * the containers decides the rotation ({@link #containersChanged}, called by the informer as soon as an engine event
 * changed a container, so an unhealthy or dead replica leaves before the next pass). The executor calls
 * {@link #drain} before it stops a replica.
 */
public final class Ingress implements IngressControl, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ingress.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(60);

  /** A host address the ingress binds: one IP (or all, when empty) and a port. */
  private record Key(String hostIp, int port) {
    static Key of(IngressRoute r) {
      return new Key(r.hostIp() == null ? "" : r.hostIp(), r.hostPort());
    }

    InetSocketAddress address() {
      return hostIp.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(hostIp, port);
    }
  }

  /** A port that failed to bind, how often in a row, and when to try again. */
  private record Failure(IngressRoute route, int attempts, Instant nextTry, String message) {}

  private final Function<String, List<ObservedContainer>> containersOf;
  private final MeterRegistry registry;
  private final Clock clock;
  private final AgentEvents events;
  private final IngressBudget budget;
  private final IngressTransport transport = IngressTransport.best();
  private final EventLoopGroup group;
  private final ConnectionBook connections = new ConnectionBook();
  private final Map<Key, IngressListener> listeners = new HashMap<>();
  private final Map<Key, Failure> failures = new HashMap<>();
  private final BoundPorts bound;
  /** Replicas taken out of rotation before their stop, by container id, with their stack. */
  private final Map<String, String> draining = new ConcurrentHashMap<>();

  /** Without events, within the descriptor budget of an agent with the API's default connection cap (tests). */
  public Ingress(Function<String, List<ObservedContainer>> containersOf, MeterRegistry registry, Clock clock) {
    this(containersOf, registry, clock, AgentEvents.NOOP, IngressBudget.forThisProcess(1024));
  }

  /**
   * {@code containersOf} gives the agent's current view of a stack's containers (the informer's); {@code events} hears
   * of ports at their cap and of replicas the passive health check ejects or restores; {@code budget} bounds the
   * connections of all ports together.
   */
  public Ingress(Function<String, List<ObservedContainer>> containersOf, MeterRegistry registry, Clock clock,
      AgentEvents events, IngressBudget budget) {
    this.containersOf = containersOf;
    this.registry = registry;
    this.bound = new BoundPorts(registry);
    this.clock = clock;
    this.events = events;
    this.budget = budget;
    this.group = new MultiThreadIoEventLoopGroup(transport.ioHandlers());
    log.info("ingress: {} transport, at most {} connections over all ports (its share of the agent's file"
        + " descriptors)", transport.name(), budget.maxConnections());
  }

  @Override
  public synchronized Declared declare(String stack, Stack desired) {
    List<IngressRoute> routes = desired == null ? List.of() : IngressRoute.of(desired);
    Map<Key, IngressRoute> wanted = new TreeMap<>(java.util.Comparator.comparing(Key::port)
        .thenComparing(Key::hostIp));
    routes.forEach(r -> wanted.putIfAbsent(Key.of(r), r));
    List<News> news = new ArrayList<>();
    release(stack, wanted.keySet(), news);

    Instant now = clock.instant();
    Map<String, String> unbound = new TreeMap<>();
    for (Map.Entry<Key, IngressRoute> e : wanted.entrySet()) {
      Key key = e.getKey();
      IngressRoute route = e.getValue();
      IngressListener held = listeners.get(key);
      if (held != null && held.route().stack().equals(stack)) {
        held.route(route);
        updateRotation(held);
        continue;
      }
      Failure failed = failures.get(key);
      if (held != null) {
        // Another stack of this agent serves the port: binding again would fail the same way.
        fail(key, route, failed, now, "host port " + route.hostAddress() + " is already served by orch's ingress for"
            + " service " + held.route().service() + " of stack " + held.route().stack(), "publish another port",
            news, unbound);
        continue;
      }
      if (failed != null && now.isBefore(failed.nextTry())) {
        unbound.merge(route.service(), failed.message(), (a, b) -> a);
        continue;
      }
      bind(key, route, failed, now, news, unbound);
    }
    Optional<Duration> retry = failures.values().stream().filter(f -> f.route().stack().equals(stack))
        .map(f -> Duration.between(now, f.nextTry())).map(d -> d.isNegative() ? Duration.ZERO : d)
        .min(Duration::compareTo);
    return new Declared(unbound, news, retry);
  }

  /** Unbinds the ports of {@code stack} it no longer declares, and forgets their failures. */
  private void release(String stack, Set<Key> keep, List<News> news) {
    for (var it = listeners.entrySet().iterator(); it.hasNext();) {
      var e = it.next();
      IngressRoute route = e.getValue().route();
      if (route.stack().equals(stack) && !keep.contains(e.getKey())) {
        e.getValue().close();
        bound.forget(route);
        it.remove();
        log.info("ingress: stopped listening on {} for {}/{}", route.hostAddress(), stack, route.service());
        news.add(new News(Change.UNBOUND, route.service(), "ingress stopped listening on " + route.hostAddress()));
      }
    }
    failures.entrySet().removeIf(e -> {
      boolean gone = e.getValue().route().stack().equals(stack) && !keep.contains(e.getKey());
      if (gone) {
        bound.forget(e.getValue().route());
      }
      return gone;
    });
  }

  private void bind(Key key, IngressRoute route, Failure failed, Instant now, List<News> news,
      Map<String, String> unbound) {
    IngressListener listener = new IngressListener(route, new IngressMetrics(registry, route), connections,
        transport.clientChannel(), budget, events, clock);
    ChannelFuture binding = new ServerBootstrap().group(group).channel(transport.serverChannel())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            // All-idle: no byte either way. The route's timeout when the connection came (a change applies to new ones).
            long idleMillis = listener.route().limits().idleTimeout().toMillis();
            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                .addLast(new ProxyFrontendHandler(listener, budget));
          }
        })
        .bind(key.address()).awaitUninterruptibly();
    if (!binding.isSuccess()) {
      listener.close();
      String cause = binding.cause() == null ? "unknown error" : binding.cause().getMessage();
      fail(key, route, failed, now, "cannot listen on host port " + route.hostAddress() + " for service "
          + route.service() + ": " + cause, "another process holds it (`ss -ltnp 'sport = :" + route.hostPort()
          + "'` shows which): stop it, or publish another port", news, unbound);
      return;
    }
    listener.bound(binding.channel());
    listeners.put(key, listener);
    failures.remove(key);
    bound.bound(route);
    updateRotation(listener);
    log.info("ingress: listening on {} for {}/{} port {}", route.hostAddress(), route.stack(), route.service(),
        route.targetPort());
    news.add(new News(Change.BOUND, route.service(), "ingress listening on " + route.hostAddress() + " for port "
        + route.targetPort() + " of the replicas"));
  }

  private void fail(Key key, IngressRoute route, Failure before, Instant now, String what, String fix,
      List<News> news, Map<String, String> unbound) {
    int attempts = before == null ? 1 : before.attempts() + 1;
    Duration wait = backoff(attempts);
    String message = what + "; " + fix + " (retrying in " + wait.toSeconds() + "s)";
    failures.put(key, new Failure(route, attempts, now.plus(wait), message));
    bound.unbound(route);
    unbound.merge(route.service(), message, (a, b) -> a);
    if (attempts == 1) {
      log.warn("ingress: {}", message);
      news.add(new News(Change.BIND_FAILED, route.service(), message));
    }
  }

  /** 1 s, doubling to 60 s, as orch's restart backoff. */
  static Duration backoff(int attempts) {
    Duration d = FIRST_RETRY;
    for (int i = 1; i < attempts && d.compareTo(MAX_RETRY) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  /**
   * Recomputes the rotations of a stack from the agent's view of its containers: called whenever that view changed.
   * Cheap and non-blocking (it runs on the thread that applied the engine event).
   */
  public synchronized void containersChanged(String stack) {
    List<IngressListener> ofStack = listeners.values().stream()
        .filter(l -> l.route().stack().equals(stack)).toList();
    if (ofStack.isEmpty() && draining.isEmpty()) {
      return;
    }
    List<ObservedContainer> containers = containersOf.apply(stack);
    // A drained replica that stopped (or is gone) is done with: if it is started again, it may serve again.
    Set<String> stillRunning = new HashSet<>();
    containers.stream().filter(ObservedContainer::running).forEach(c -> stillRunning.add(c.id()));
    draining.entrySet().removeIf(e -> e.getValue().equals(stack) && !stillRunning.contains(e.getKey()));
    ofStack.forEach(l -> update(l, containers));
  }

  private void updateRotation(IngressListener listener) {
    update(listener, containersOf.apply(listener.route().stack()));
  }

  private void update(IngressListener listener, List<ObservedContainer> containers) {
    IngressRoute route = listener.route();
    List<Backend> rotation = Rotation.of(containers, route.service(), route.targetPort(), draining.keySet());
    List<Backend> before = listener.rotation().backends();
    listener.rotation().update(rotation);
    listener.health().retain(rotation);
    listener.metrics().backends.set(rotation.size());
    if (!before.equals(rotation)) {
      log.debug("ingress {} for {}/{}: {} in rotation", route.hostAddress(), route.stack(), route.service(),
          rotation.stream().map(Backend::name).toList());
    }
  }

  @Override
  public void drain(String stack, String service, String containerId, Duration grace) {
    boolean served;
    synchronized (this) {
      served = listeners.values().stream()
          .anyMatch(l -> l.route().stack().equals(stack) && l.route().service().equals(service));
      if (!served) {
        return;
      }
      draining.put(containerId, stack);
      containersChanged(stack);
    }
    int open = connections.openTo(containerId);
    if (open == 0) {
      return;
    }
    log.info("ingress: draining {} connection(s) of {} for up to {}s", open, containerId,
        grace.toMillis() / 1000.0);
    try {
      if (!connections.awaitIdle(containerId, grace)) {
        log.info("ingress: {} connection(s) of {} still open after the grace period; stopping it anyway",
            connections.openTo(containerId), containerId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(IngressListener::close);
    listeners.clear();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
