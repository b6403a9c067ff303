package io.orch.agent.reconcile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last permanent error per service (a refused create, a name clash, a failed pull), shown in the status until
 * the service converges. Stack-level problems (a network that cannot be created) are kept under service "".
 */
public final class ServiceErrors {
  private final Map<String, String> errors = new ConcurrentHashMap<>();
  /** Errors of a condition that lasts until it is resolved (a host port the ingress cannot bind), not until converged. */
  private final Map<String, String> standing = new ConcurrentHashMap<>();

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
  }

  public void clearStack(String stack) {
    errors.keySet().removeIf(k -> k.startsWith(stack + "/"));
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
