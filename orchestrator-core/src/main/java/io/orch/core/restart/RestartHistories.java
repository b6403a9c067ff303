package io.orch.core.restart;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every replica's {@link RestartHistory} by container name, as of one moment: what the planner reads. Immutable; each
 * change returns a new instance.
 */
public record RestartHistories(Map<String, RestartHistory> byContainer) {
  public static final RestartHistories EMPTY = new RestartHistories(Map.of());

  public RestartHistories {
    byContainer = Map.copyOf(byContainer);
  }

  public RestartHistory of(String containerName) {
    return byContainer.getOrDefault(containerName, RestartHistory.NONE);
  }

  public RestartHistories with(String containerName, RestartHistory history) {
    Map<String, RestartHistory> next = new TreeMap<>(byContainer);
    next.put(containerName, history);
    return new RestartHistories(next);
  }

  /** After one restart of {@code containerName} at {@code at}. */
  public RestartHistories restarted(String containerName, Instant at, boolean backoffReset) {
    return with(containerName, of(containerName).restarted(at, backoffReset));
  }

  /** Without the history of a container removed for good (scale down, service or stack removed). */
  public RestartHistories without(String containerName) {
    if (!byContainer.containsKey(containerName)) {
      return this;
    }
    Map<String, RestartHistory> next = new TreeMap<>(byContainer);
    next.remove(containerName);
    return new RestartHistories(next);
  }

  /** Without the history of every replica of a service, e.g. when a user restarts a failed service by hand. */
  public RestartHistories withoutService(String stack, String service) {
    String prefix = stack + "-" + service + "-";
    Map<String, RestartHistory> next = new TreeMap<>(byContainer);
    next.keySet().removeIf(name -> isSlotName(name, prefix));
    return next.size() == byContainer.size() ? this : new RestartHistories(next);
  }

  /** Without every history of one stack's replicas (the stack was removed). */
  public RestartHistories withoutStack(String stack, Iterable<String> services) {
    RestartHistories result = this;
    for (String service : services) {
      result = result.withoutService(stack, service);
    }
    return result;
  }

  /** Restarts of every replica of one service; container names are {@code <stack>-<service>-<slot>}. */
  public long restartsOfService(String stack, String service) {
    String prefix = stack + "-" + service + "-";
    return byContainer.entrySet().stream().filter(e -> isSlotName(e.getKey(), prefix))
        .mapToLong(e -> e.getValue().total()).sum();
  }

  private static boolean isSlotName(String name, String prefix) {
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      return false;
    }
    return name.substring(prefix.length()).chars().allMatch(Character::isDigit);
  }
}
