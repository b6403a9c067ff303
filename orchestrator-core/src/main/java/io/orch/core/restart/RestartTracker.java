package io.orch.core.restart;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.restart.RestartDecision.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Restart history per container name (one name per replica slot), and the restart decision built on it: backoff,
 * backoff reset after a stable run, and {@code max_attempts} within {@code window}. Time is always passed in.
 * Methods are synchronized because API threads read counts while the reconcile worker decides and records.
 */
public final class RestartTracker {
  // Restart times are kept for window counting; a cap keeps a container restarting forever from growing without bound.
  private static final int KEPT_RESTART_TIMES = 1024;

  private final Jitter jitter;
  private final Map<String, History> histories = new HashMap<>();

  public RestartTracker() {
    this(Jitter.NONE);
  }

  public RestartTracker(Jitter jitter) {
    this.jitter = jitter;
  }

  /**
   * Decides about an exited container, or a running unhealthy one (replaced under {@code x-orch.on_unhealthy:
   * restart}). Also resets the backoff when the exited run was stable, so call it on every pass that sees the exit.
   */
  public synchronized RestartDecision decide(ServiceSpec service, ObservedContainer container, Instant now) {
    RestartPolicy policy = service.restartPolicy();
    boolean unhealthy = container.running() && container.health() == ObservedContainer.Health.UNHEALTHY;
    RestartReason reason;
    String what;
    if (unhealthy) {
      reason = RestartReason.UNHEALTHY;
      what = "unhealthy";
    } else {
      int code = container.exitCode() == null ? -1 : container.exitCode();
      reason = container.oomKilled() ? RestartReason.OOM : RestartReason.EXIT;
      what = "exited " + code + (container.oomKilled() ? " (oom)" : "");
      if (!policy.restarts(code)) {
        return new RestartDecision(Kind.NO_RESTART, Duration.ZERO, reason,
            what + ", restart policy " + policy.condition().yaml());
      }
    }
    History history = histories.computeIfAbsent(container.name(), name -> new History());
    if (unhealthy) {
      // A replica that ran for reset_after before it turned unhealthy starts its backoff over, as an exit does.
      Instant firstSeenUnhealthy = history.clockStart(container, reason, now);
      Duration resetAfter = service.orch().backoff().resetAfter();
      if (container.startedAt() != null && !container.startedAt().plus(resetAfter).isAfter(firstSeenUnhealthy)) {
        history.sinceReset = 0;
      }
    } else if (Backoff.ranStably(container, service)) {
      history.sinceReset = 0;
    }

    if (policy.maxAttempts() != null) {
      int counted = history.countedRestarts(policy.window(), now);
      if (counted >= policy.maxAttempts()) {
        history.backoffUntil = null;
        String window = policy.window() == null ? "" : " in " + DurationText.of(policy.window());
        return new RestartDecision(Kind.GIVE_UP, Duration.ZERO, reason,
            what + ", gave up after " + counted + " restarts (max_attempts " + policy.maxAttempts() + window + ")");
      }
    }

    int number = history.total + 1;
    Duration wait = jitter.apply(
        Backoff.delayBefore(history.sinceReset, policy.delay(), service.orch().backoff()), container.name(), number);
    Instant due = history.clockStart(container, reason, now).plus(wait);
    if (now.isBefore(due)) {
      history.backoffUntil = due;
      Duration left = Duration.between(now, due);
      return new RestartDecision(Kind.WAIT, left, reason,
          what + ", restart " + number + " in " + DurationText.of(left));
    }
    history.backoffUntil = null;
    String when = wait.isZero() ? ", restart " + number : ", backoff elapsed";
    return new RestartDecision(Kind.RESTART_NOW, Duration.ZERO, reason, what + when);
  }

  /** Called by the executor after a restart (start, or replacement) succeeded. */
  public synchronized void recordRestart(String containerName, RestartReason reason, Instant now) {
    History history = histories.computeIfAbsent(containerName, name -> new History());
    history.total++;
    history.sinceReset++;
    history.backoffUntil = null;
    history.pendingKey = null;
    history.times.addLast(now);
    if (history.times.size() > KEPT_RESTART_TIMES) {
      history.times.removeFirst();
    }
  }

  public synchronized int restarts(String containerName) {
    History history = histories.get(containerName);
    return history == null ? 0 : history.total;
  }

  /** Restarts of every replica of one service; container names are {@code <stack>-<service>-<slot>}. */
  public synchronized long restartsOfService(String stack, String service) {
    String prefix = stack + "-" + service + "-";
    return histories.entrySet().stream()
        .filter(e -> isSlotName(e.getKey(), prefix))
        .mapToLong(e -> e.getValue().total)
        .sum();
  }

  /** When the pending restart of this container becomes due, if it is waiting out a backoff. */
  public synchronized Optional<Instant> backoffUntil(String containerName) {
    History history = histories.get(containerName);
    return history == null ? Optional.empty() : Optional.ofNullable(history.backoffUntil);
  }

  /** Drops the history of a container removed for good (scale down, service or stack removed). */
  public synchronized void forget(String containerName) {
    histories.remove(containerName);
  }

  /** Drops the history of every replica of a service, e.g. when a user restarts a failed service by hand. */
  public synchronized void forgetService(String stack, String service) {
    String prefix = stack + "-" + service + "-";
    histories.keySet().removeIf(name -> isSlotName(name, prefix));
  }

  private static boolean isSlotName(String name, String prefix) {
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      return false;
    }
    return name.substring(prefix.length()).chars().allMatch(Character::isDigit);
  }

  private static final class History {
    int total;
    int sinceReset;
    Instant backoffUntil;
    final Deque<Instant> times = new ArrayDeque<>();
    // When the engine gives no finish time (unhealthy, or an exit without FinishedAt), the wait is measured from the
    // first pass that saw this run in this state.
    String pendingKey;
    Instant pendingSince;

    int countedRestarts(Duration window, Instant now) {
      if (window == null) {
        return total;
      }
      Instant from = now.minus(window);
      return (int) times.stream().filter(t -> t.isAfter(from)).count();
    }

    Instant clockStart(ObservedContainer container, RestartReason reason, Instant now) {
      if (reason != RestartReason.UNHEALTHY && container.finishedAt() != null) {
        return container.finishedAt();
      }
      String key = container.id() + "/" + container.startedAt() + "/" + reason;
      if (!key.equals(pendingKey)) {
        pendingKey = key;
        pendingSince = now;
      }
      return pendingSince;
    }
  }
}
