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
  }
}
