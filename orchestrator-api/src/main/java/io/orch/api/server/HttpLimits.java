package io.orch.api.server;

import java.time.Duration;

/**
 * How long a connection may take over each part of a request, and how many connections the API keeps open.
 *
 * <ul>
 *   <li>{@code idle}: a connection with no request in flight and no bytes either way is closed after this. A request
 *       in flight (a slow engine call, an event stream, a followed log) is never cut by it.
 *   <li>{@code headers}: from the first byte of a request to the end of its headers (slowloris).
 *   <li>{@code body}: from the end of the headers to the end of the body (1 MiB in 30 s is about 35 KB/s).
 *   <li>{@code maxConnections}: past it, the longest idle connection is closed to make room; when none is idle the
 *       new connection is answered 503 and closed.
 * </ul>
 */
public record HttpLimits(Duration idle, Duration headers, Duration body, int maxConnections) {
  public static final HttpLimits DEFAULTS =
      new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 1024);

  public HttpLimits {
    requirePositive("idle", idle);
    requirePositive("headers", headers);
    requirePositive("body", body);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
  }

  public HttpLimits withMaxConnections(int max) {
    return new HttpLimits(idle, headers, body, max);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " timeout must be positive, got " + d);
    }
  }
}
