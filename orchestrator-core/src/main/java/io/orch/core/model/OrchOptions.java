package io.orch.core.model;

import java.time.Duration;

/**
 * orch's own knobs from a service's {@code x-orch} extension; {@code autoscale} is null when the service has none,
 * {@code ingressLimits} is {@link IngressLimits#DEFAULT} when it sets none of {@code ingress_max_connections},
 * {@code ingress_idle_timeout}, {@code ingress_response_timeout}.
 */
public record OrchOptions(OnUnhealthy onUnhealthy, Backoff backoff, boolean ingress, Autoscale autoscale,
    IngressLimits ingressLimits) {
  public enum OnUnhealthy {
    RESTART, IGNORE;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Crash-loop backoff: after the first restart (at restart_policy.delay) waits start at initial and double to max. */
  public record Backoff(Duration initial, Duration max, Duration resetAfter) {
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  public static final OrchOptions DEFAULT = new OrchOptions(OnUnhealthy.RESTART, Backoff.DEFAULT, true);

  /** Without autoscaling. */
  public OrchOptions(OnUnhealthy onUnhealthy, Backoff backoff, boolean ingress) {
    this(onUnhealthy, backoff, ingress, null);
  }

  /** With the default ingress limits. */
  public OrchOptions(OnUnhealthy onUnhealthy, Backoff backoff, boolean ingress, Autoscale autoscale) {
    this(onUnhealthy, backoff, ingress, autoscale, null);
  }

  public OrchOptions withAutoscale(Autoscale a) {
    return new OrchOptions(onUnhealthy, backoff, ingress, a, ingressLimits);
  }

  public OrchOptions withIngressLimits(IngressLimits limits) {
    return new OrchOptions(onUnhealthy, backoff, ingress, autoscale, limits);
  }

  public OrchOptions {
    onUnhealthy = onUnhealthy == null ? OnUnhealthy.RESTART : onUnhealthy;
    backoff = backoff == null ? Backoff.DEFAULT : backoff;
    ingressLimits = ingressLimits == null ? IngressLimits.DEFAULT : ingressLimits;
  }
}
