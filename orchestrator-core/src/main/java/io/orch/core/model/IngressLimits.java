package io.orch.core.model;

import java.time.Duration;

/**
 * How orch's ingress bounds one published port of a service ({@code x-orch.ingress_*}, README "Ports and orch's
 * ingress"). {@code maxConnections}: client connections open at once; past it the longest idle one is closed to make
 * room, and when none is idle the new one is refused. {@code idleTimeout}: a connection with no byte either way for
 * this long is closed. {@code responseTimeout}: a replica that accepted a connection and got the client's first bytes
 * but sent nothing back for this long is taken out of rotation (a passive health check); zero turns that check off (a
 * protocol whose server never answers, such as a log sink). Not part of the spec hash
 * (x-orch never is): changing them rebinds nothing and recreates no container.
 */
public record IngressLimits(int maxConnections, Duration idleTimeout, Duration responseTimeout) {
  /** The largest accepted value of each: beyond it the bound is no bound. */
  public static final int MAX_CONNECTIONS = 65_536;
  public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
  /** Declared after the bounds it is checked against. Nginx's proxy read timeout is 60 s too. */
  public static final IngressLimits DEFAULT = new IngressLimits(4096, Duration.ofMinutes(5), Duration.ofSeconds(60));

  public IngressLimits {
    if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException("ingress maxConnections must be 1.." + MAX_CONNECTIONS + ", got "
          + maxConnections);
    }
    requireTimeout("idle", idleTimeout, false);
    requireTimeout("response", responseTimeout, true);
  }

  /** False when {@code x-orch.ingress_response_timeout: 0s} turned the passive health check off. */
  public boolean checksResponses() {
    return !responseTimeout.isZero();
  }

  private static void requireTimeout(String name, Duration d, boolean zeroAllowed) {
    if (d == null || d.isNegative() || (d.isZero() && !zeroAllowed) || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("ingress " + name + " timeout must be " + (zeroAllowed ? "0 (off) to 24h"
          : "above 0 and at most 24h") + ", got " + d);
    }
  }
}
