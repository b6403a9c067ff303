package io.orch.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The most replicas orch runs for one service, and for one stack in total: one bound for stack files and the scale
 * API alike, so that no request makes the agent create containers without end (100,000 replicas kept a pass busy
 * for 20 minutes). The agent's limit is set with {@code orch agent --max-replicas N}; the CLI checks files against
 * the default.
 *
 * <p>The stack total is bounded by the same number because what the limit protects (the node, the length of a pass)
 * grows with the containers of the whole stack: a per-service bound alone lets a file multiply it by its services.
 */
public record ReplicaLimit(int max) {
  public static final int DEFAULT_MAX = 1000;
  public static final ReplicaLimit DEFAULT = new ReplicaLimit(DEFAULT_MAX);

  /**
   * One bound exceeded: by {@code service}, or by the stack total when {@code service} is null; {@code key} is the
   * service's key that exceeds it ({@code deploy.replicas}, or {@code x-orch.autoscale.max}).
   */
  public record Breach(String service, String key, String message, String hint) {
    public Breach(String service, String message, String hint) {
      this(service, "deploy.replicas", message, hint);
    }

    @Override
    public String toString() {
      return message + " (" + hint + ")";
    }
  }

  public ReplicaLimit {
    if (max < 1) {
      throw new IllegalArgumentException("the replica limit must be at least 1, got " + max);
    }
  }

  /** Every bound these services exceed: each service over the limit, else the stack total; empty when within. */
  public List<Breach> check(Map<String, ServiceSpec> services) {
    List<Breach> breaches = new ArrayList<>();
    services.forEach((name, spec) -> {
      if (spec.replicas() > max) {
        breaches.add(new Breach(name, spec.replicas() + " replicas is over the limit of " + max + " per service",
            "use " + max + " or fewer, or raise the agent's limit with orch agent --max-replicas N"));
      } else if (spec.orch().autoscale() != null && spec.orch().autoscale().max() > max) {
        breaches.add(new Breach(name, "x-orch.autoscale.max", "autoscale max " + spec.orch().autoscale().max() + " is over the limit of "
            + max + " replicas per service",
            "use " + max + " or fewer, or raise the agent's limit with orch agent --max-replicas N"));
      }
    });
    long total = services.values().stream().mapToLong(ServiceSpec::replicas).sum();
    if (breaches.isEmpty() && total > max) {
      String perService = services.entrySet().stream().filter(e -> e.getValue().replicas() > 0)
          .map(e -> e.getKey() + ": " + e.getValue().replicas()).collect(Collectors.joining(", "));
      breaches.add(new Breach(null, "the stack has " + total + " replicas in total (" + perService
          + "), over the limit of " + max + " per stack",
          "lower some services' deploy.replicas, or raise the agent's limit with orch agent --max-replicas N"));
    }
    return List.copyOf(breaches);
  }
}
