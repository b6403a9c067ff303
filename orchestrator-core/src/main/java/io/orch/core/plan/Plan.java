package io.orch.core.plan;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The result of one planning pass: the ordered actions, what each service is waiting for or failing on, problems that
 * belong to no single service (e.g. a name clash with a foreign network), and when to plan again even if no engine
 * event arrives (e.g. a restart backoff ends). {@code toString()} is the golden text: one action per line.
 */
public record Plan(
    List<Action> actions, Map<String, ServicePlanStatus> services, List<String> problems,
    Optional<Duration> requeueAfter) {

  public Plan {
    actions = List.copyOf(actions);
    services = Collections.unmodifiableMap(new TreeMap<>(services));
    problems = List.copyOf(problems);
  }

  /** Nothing to do in this pass (the stack may still be waiting, see {@link #requeueAfter()}). */
  public boolean isEmpty() {
    return actions.isEmpty();
  }

  @Override
  public String toString() {
    return actions.stream().map(a -> a + "\n").collect(Collectors.joining());
  }
}
