package io.orch.agent.docker;

import java.time.Duration;
import java.util.Objects;

/**
 * Every deadline of {@link DockerEngine}, in one place. A call that passes its deadline fails as
 * {@code EngineException.Unavailable}, which the reconcile loop retries with backoff and the API answers with 503: a
 * stalled engine (dockerd stopped, hung on a lock) must slow orch down, never hang it.
 *
 * <p>The deadline is enforced by interrupting the calling thread ({@link CallDeadline}), because docker-java's
 * {@code responseTimeout} is a socket read timeout that its unix-socket transport does not apply (measured on 3.5.1: a
 * ping to a socket that never answers hangs past a 2 s response timeout); the interrupt closes the call's connection.
 * The response timeout is still set on the ordinary client, where it works (tcp://).
 *
 * @param connectTimeout connecting to the engine; a local socket connects at once or not at all
 * @param callTimeout an ordinary call (create, start, remove, list, inspect, connect): dockerd answers these in
 *     milliseconds, a loaded host in seconds; 30 s is far beyond that and still short enough that one stalled call
 *     does not hold a reconcile pass or an API request for long
 * @param pingTimeout a ping or a version call, which dockerd answers without taking any lock: a few seconds of
 *     silence already means it is stalled, so the watchdog and {@code /readyz} can say so quickly
 * @param pingEvery how often the agent pings the engine to notice a stall: the event stream cannot (no events is
 *     normal), and a ping is cheap for dockerd; 10 s keeps a stall visible within 15 s
 * @param stopSlack what a stop may take beyond its grace period: the engine sends SIGKILL after the grace and then
 *     waits for the exit and the network teardown
 * @param pullTimeout a whole image pull: big images on slow links take minutes
 * @param maxConnections docker-java's pool size per client
 */
public record DockerEngineSettings(Duration connectTimeout, Duration callTimeout, Duration pingTimeout,
    Duration pingEvery, Duration stopSlack, Duration pullTimeout, int maxConnections) {

  /**
   * The grace assumed for a stop without one (the engine then uses the container's own stop timeout, which
   * docker-java's inspect model does not carry). Cutting a longer one is harmless: the engine finishes the stop
   * anyway, and the retried pass finds the container stopped.
   */
  static final Duration UNKNOWN_GRACE = Duration.ofMinutes(2);

  /** 100 connections is docker-java's suggestion. */
  public static final DockerEngineSettings DEFAULTS = new DockerEngineSettings(Duration.ofSeconds(5),
      Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(10), 100);

  public DockerEngineSettings {
    positive("connectTimeout", connectTimeout);
    positive("callTimeout", callTimeout);
    positive("pingTimeout", pingTimeout);
    positive("pingEvery", pingEvery);
    positive("stopSlack", stopSlack);
    positive("pullTimeout", pullTimeout);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
    }
  }

  /** The deadline of one call by its operation name ({@code container.create}, {@code ping}, ...). */
  public Duration deadline(String operation) {
    return switch (operation) {
      case "ping", "version" -> pingTimeout;
      case DockerEngine.OP_IMAGE_PULL -> pullTimeout.plus(callTimeout); // the pull itself waits pullTimeout
      default -> callTimeout;
    };
  }

  /**
   * A stop blocks for the grace period, then the engine kills and reaps: grace + slack, at least a call's. A null
   * grace (the container's own) is taken as {@link #UNKNOWN_GRACE}.
   */
  public Duration stopDeadline(Duration grace) {
    Duration g = grace == null ? UNKNOWN_GRACE : grace.isNegative() ? Duration.ZERO : grace;
    Duration d = g.plus(stopSlack);
    return d.compareTo(callTimeout) < 0 ? callTimeout : d;
  }

  /** A deadline as people write it: {@code 5s}, {@code 2m30s}, {@code 1500ms}. */
  public static String text(Duration d) {
    if (d.toMillisPart() != 0 || d.isZero()) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    return s % 60 == 0 ? s / 60 + "m" : s / 60 + "m" + s % 60 + "s";
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
