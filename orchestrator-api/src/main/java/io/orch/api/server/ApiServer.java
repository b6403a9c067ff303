package io.orch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.orch.api.dto.WireJson;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP control API. Owns its event loop group and the executor that runs backend calls, so the event
 * loop never blocks on the engine or the disk. Start once, stop once.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final int BLOCKING_WORKERS = 4;
  /**
   * Requests that may wait for the engine, each at most its call deadline. More of them than this queue; the status
   * reads on the {@link #BLOCKING_WORKERS} never wait behind them.
   */
  private static final int ENGINE_WORKERS = 8;

  private final ApiConfig config;
  private final OrchBackend backend;
  private final RequestListener listener;
  private final Supplier<String> metricsScraper;
  private EventLoopGroup group;
  private ExecutorService blockingWork;
  private ExecutorService engineWork;
  private Channel serverChannel;
  private ApiChannelInitializer initializer;
  private Duration eventHeartbeat = OrchRoutes.DEFAULT_HEARTBEAT;

  /**
   * {@code metricsScraper} (nullable) renders the Prometheus exposition for {@code GET /metrics}; without it that
   * route does not exist.
   */
  public ApiServer(ApiConfig config, OrchBackend backend, RequestListener listener, Supplier<String> metricsScraper) {
    this.config = config;
    this.backend = backend;
    this.listener = listener == null ? RequestListener.NOOP : listener;
    this.metricsScraper = metricsScraper;
  }

  public ApiServer(ApiConfig config, OrchBackend backend) {
    this(config, backend, RequestListener.NOOP, null);
  }

  /** How often an idle {@code /v1/events} stream sends a heartbeat comment (default 15s); set before start. */
  public synchronized ApiServer eventHeartbeat(Duration every) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive, got " + every);
    }
    this.eventHeartbeat = every;
    return this;
  }

  /**
   * Binds and returns the bound port (the chosen one when the config says 0). Refuses a non-loopback address
   * without a token: anyone on the network could otherwise run containers on this host.
   */
  public synchronized int start() throws InterruptedException {
    if (serverChannel != null) {
      throw new IllegalStateException("already started");
    }
    AccessPolicy access = new AccessPolicy(loopback() ? AccessPolicy.Reads.OPEN : AccessPolicy.Reads.TOKEN_REQUIRED);
    if (access.reads() == AccessPolicy.Reads.TOKEN_REQUIRED && config.token() == null) {
      throw new IllegalStateException("refusing to listen on " + config.host()
          + " without a token: set one, or bind to 127.0.0.1");
    }
    group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    blockingWork = Executors.newFixedThreadPool(BLOCKING_WORKERS, daemonThreads("orch-api-work-"));
    engineWork = Executors.newFixedThreadPool(ENGINE_WORKERS, daemonThreads("orch-api-engine-"));
    ObjectMapper mapper = WireJson.strictMapper();
    ApiHandler.Shared shared = new ApiHandler.Shared(OrchRoutes.router(backend, mapper, metricsScraper, eventHeartbeat),
        blockingWork, engineWork, mapper, new BearerTokenCheck(config.token()), access, listener,
        StreamLimiter.forConnections(config.limits().maxConnections()));
    initializer = new ApiChannelInitializer(shared, config.maxBodyBytes(), config.limits());
    try {
      serverChannel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          // Room for a burst of connects while the cap closes idle ones; the kernel clamps it to somaxconn.
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(initializer)
          .bind(config.host(), config.port())
          .sync()
          .channel();
    } catch (InterruptedException | RuntimeException e) {
      shutdownResources();
      throw e;
    }
    int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    log.info("HTTP API listening on {}:{}{}, {}", config.host(), port,
        config.token() == null ? " (no token: mutating calls are open to local users)" : "",
        access.reads() == AccessPolicy.Reads.OPEN ? "reads open to local users" : "reads need the token");
    return port;
  }

  /** Stops accepting, lets in-flight replies finish, and releases the threads. Safe to call twice. */
  public synchronized void stop() {
    if (serverChannel == null) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    serverChannel = null;
    shutdownResources();
  }

  @Override
  public void close() {
    stop();
  }

  private void shutdownResources() {
    blockingWork.shutdown();
    engineWork.shutdown();
    try {
      if (!blockingWork.awaitTermination(5, TimeUnit.SECONDS)) {
        blockingWork.shutdownNow();
      }
      if (!engineWork.awaitTermination(1, TimeUnit.SECONDS)) {
        engineWork.shutdownNow(); // a call waiting for a stalled engine would otherwise hold the stop to its deadline
      }
    } catch (InterruptedException e) {
      blockingWork.shutdownNow();
      engineWork.shutdownNow();
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  private boolean loopback() {
    try {
      return InetAddress.getByName(config.host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve API host '" + config.host() + "'", e);
    }
  }

  /** Open API connections now (at most {@link HttpLimits#maxConnections()}); 0 before start. */
  public synchronized int openConnections() {
    return initializer == null ? 0 : initializer.limiter().openConnections();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
