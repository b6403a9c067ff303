package io.orch.agent.status;

import io.orch.core.engine.StandingFailure;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last permanent error per service (a refused create, a name clash, a failed pull), shown in the status until
 * the service converges. Stack-level problems (a network that cannot be created) are kept under service "".
 */
public final class ServiceErrors {
  private final Map<String, String> errors = new ConcurrentHashMap<>();
  /** Errors of a condition that lasts until it is resolved (a host port the ingress cannot bind), not until converged. */
  private final Map<String, String> standing = new ConcurrentHashMap<>();
  /** Failures the engine said will not clear up without the user, with the stack generation they were seen at. */
  private final Map<String, Seen> failures = new ConcurrentHashMap<>();

  private record Seen(StandingFailure failure, long generation) {}

  private static String key(String stack, String service) {
    return stack + "/" + (service == null ? "" : service);
  }

  public void record(String stack, String service, String message) {
    errors.put(key(stack, service), message);
  }

  public Optional<String> get(String stack, String service) {
    return Optional.ofNullable(errors.get(key(stack, service)));
  }

  public void clear(String stack, String service) {
    errors.remove(key(stack, service));
    failures.remove(key(stack, service));
  }

  /**
   * Records a failure that will not clear up without the user (a host port taken, an image that cannot be pulled),
   * seen while reconciling {@code generation} of the stack. It is the service's last error too.
   */
  public void recordStanding(String stack, String service, StandingFailure failure, long generation) {
    record(stack, service, failure.message());
    failures.put(key(stack, service), new Seen(failure, generation));
  }

  /** A call that failed for one of {@code kinds} succeeded since: that cause is gone. */
  public void clearStanding(String stack, String service, Set<StandingFailure.Kind> kinds) {
    failures.computeIfPresent(key(stack, service), (k, seen) -> kinds.contains(seen.failure().kind()) ? null : seen);
  }

  /**
   * The standing failure of a service seen at {@code generation}: one seen under an earlier version of the stack is
   * no news about this one (the user may have fixed the file), until the same call fails again.
   */
  public Optional<StandingFailure> standingFailure(String stack, String service, long generation) {
    Seen seen = failures.get(key(stack, service));
    return seen == null || seen.generation() != generation ? Optional.empty() : Optional.of(seen.failure());
  }

  public void clearStack(String stack) {
    errors.keySet().removeIf(k -> k.startsWith(stack + "/"));
    failures.keySet().removeIf(k -> k.startsWith(stack + "/"));
    standing.keySet().removeIf(k -> k.startsWith(stack + "/"));
  }

  /** Records an error that {@link #clear} keeps: it stays the service's last error until {@link #release}d. */
  public void hold(String stack, String service, String message) {
    standing.put(key(stack, service), message);
  }

  public void release(String stack, String service) {
    standing.remove(key(stack, service));
  }

  /** The held error of a service, if any: the service does not run as declared while it lasts. */
  public Optional<String> standing(String stack, String service) {
    return Optional.ofNullable(standing.get(key(stack, service)));
  }
}
