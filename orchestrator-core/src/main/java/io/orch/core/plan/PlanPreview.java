package io.orch.core.plan;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedState;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.model.Dependency;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.restart.DurationText;
import io.orch.core.restart.RestartHistories;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole way from the observed state to the declared one, as {@code nomad job plan} and {@code kubectl diff} show
 * it: the planner's passes, one after the other, each applied to a simulated engine. Pure: the planner is the real one,
 * only the engine and the passing of time are simulated.
 *
 * <p>The simulation assumes every action succeeds: a created container runs at once (and is healthy at once if it has
 * a health check), a started one runs, a stopped or removed one is gone, networks, volumes and pulled images appear.
 * When a pass plans nothing, time passes for the running containers only: they age until the next rollout step may
 * go ({@code update_config.monitor}, then {@code delay}), health checks still starting pass, and a dependency waited
 * for with {@code service_completed_successfully} completes. The planner's own clock stands still, so a restart
 * backoff never comes due and a failed service stays failed: both are reported ({@link #pending()}), not simulated.
 * The simulation stops once a pass plans nothing and time changes nothing, or after {@link #MAX_STEPS} steps.
 */
public record PlanPreview(Plan first, List<Step> steps, List<String> pending, boolean truncated) {
  /** At most this many steps (passes that act) are simulated. */
  public static final int MAX_STEPS = 1000;
  /** Passes in a row that plan nothing while time passes (monitor, then delay, then health...) before giving up. */
  private static final int MAX_WAITS = 10;

  public PlanPreview {
    steps = List.copyOf(steps);
    pending = List.copyOf(pending);
  }

  /**
   * One pass that acts. {@code after} says what had to happen first beyond the previous step's actions (e.g. "after
   * 5s"), null when nothing; {@code changedFields} names, by container name, the fields whose change replaces it;
   * {@code waiting} what services still wait for during this step ("kibana waits for elasticsearch
   * (service_healthy)").
   */
  public record Step(int number, String after, List<Action> actions, Map<String, List<String>> changedFields,
      List<String> waiting) {
    public Step {
      actions = List.copyOf(actions);
      changedFields = Map.copyOf(changedFields);
      waiting = List.copyOf(waiting);
    }

    /** The action's golden text, with the changed fields on the create of a replaced container. */
    public String describe(Action action) {
      List<String> fields = action instanceof Action.CreateContainer create ? changedFields.get(create.name()) : null;
      if (fields == null || fields.isEmpty()) {
        return action.toString();
      }
      Action.CreateContainer create = (Action.CreateContainer) action;
      return "create " + create.name() + " (" + create.cause() + ": " + String.join(", ", fields) + ")";
    }

    public String header() {
      return "step " + number + (after == null ? "" : " (" + after + ")") + ":";
    }
  }

  /** Nothing to do and nothing pending: the declared state holds. */
  public boolean isEmpty() {
    return steps.isEmpty() && pending.isEmpty();
  }

  /** Every action of every step, in order, one line each (changed fields included). */
  public List<String> actionLines() {
    List<String> lines = new ArrayList<>();
    steps.forEach(s -> s.actions().forEach(a -> lines.add(s.describe(a))));
    return lines;
  }

  /**
   * The golden text: each step's header, its actions and what waits meanwhile (indented), then what is left pending
   * and whether the simulation was cut short.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Step step : steps) {
      lines.add(step.header());
      step.actions().forEach(a -> lines.add("  " + step.describe(a)));
      step.waiting().forEach(w -> lines.add("  " + w));
    }
    if (!pending.isEmpty()) {
      lines.add("pending:");
      pending.forEach(p -> lines.add("  " + p));
    }
    if (truncated) {
      lines.add("stopped after " + MAX_STEPS + " steps without reaching the declared state");
    }
    return lines;
  }

  @Override
  public String toString() {
    return lines().stream().map(l -> l + "\n").reduce("", String::concat);
  }

  /**
   * Simulates the passes for {@code desired} (null: the stack is deleted) from {@code observed}. {@code previous} is
   * the stack as stored before this change (null if none): the spec the running containers were created from, to
   * name the fields whose change replaces them.
   */
  public static PlanPreview of(Planner planner, String stackName, Stack desired, Stack previous,
      boolean removeVolumes, ObservedState observed, RestartHistories restarts, Instant now) {
    return new Simulation(planner, stackName, desired, previous, removeVolumes, observed, restarts, now).run();
  }

  private static final class Simulation {
    private final Planner planner;
    private final String stackName;
    private final Stack desired;
    private final Stack previous;
    private final boolean removeVolumes;
    private final RestartHistories restarts;
    private final Instant now;
    private final Map<String, String> previousHashes = new HashMap<>();
    private final Set<String> completed = new HashSet<>();

    private final Map<String, ObservedContainer> containers = new LinkedHashMap<>();
    private final Map<String, ObservedNetwork> networks = new LinkedHashMap<>();
    private final Map<String, ObservedVolume> volumes = new LinkedHashMap<>();
    private final List<String> images = new ArrayList<>();
    private final Map<String, Instant> stateSince = new HashMap<>();
    private int created;

    Simulation(Planner planner, String stackName, Stack desired, Stack previous, boolean removeVolumes,
        ObservedState observed, RestartHistories restarts, Instant now) {
      this.planner = planner;
      this.stackName = stackName;
      this.desired = desired;
      this.previous = previous;
      this.removeVolumes = removeVolumes;
      this.restarts = restarts;
      this.now = now;
      observed.containers().forEach(c -> containers.put(c.id(), c));
      observed.networks().forEach(n -> networks.put(n.id(), n));
      observed.volumes().forEach(v -> volumes.put(v.name(), v));
      images.addAll(observed.imagesPresent());
      stateSince.putAll(observed.stateSince());
      if (previous != null && desired != null) {
        // The hash the running containers carry if they run the previous spec (shared namespaces resolved as now).
        Stack resolved = SharedNamespaces.resolve(previous, ObservedStack.of(stackName, observed));
        resolved.services().forEach((name, spec) -> previousHashes.put(name, EngineSpecs.hashOf(resolved, spec)));
      }
    }

    PlanPreview run() {
      List<Step> steps = new ArrayList<>();
      Plan first = null;
      Plan last;
      final List<String> waited = new ArrayList<>();
      Duration aged = Duration.ZERO;
      int waits = 0;
      while (true) {
        last = planner.plan(stackName, desired, removeVolumes, state(), restarts, now);
        if (first == null) {
          first = last;
        }
        if (!last.isEmpty()) {
          if (steps.size() == MAX_STEPS) {
            return new PlanPreview(first, steps, pending(last), true);
          }
          if (!aged.isZero()) {
            waited.add(0, "after " + DurationText.of(aged));
          }
          steps.add(new Step(steps.size() + 1, waited.isEmpty() ? null : String.join(", ", waited), last.actions(),
              changedFields(last.actions()), waiting(last)));
          apply(last.actions());
          waited.clear();
          aged = Duration.ZERO;
          waits = 0;
          continue;
        }
        if (waits == MAX_WAITS) {
          break;
        }
        waits++;
        Duration age = nextRolloutStep(last);
        List<String> happened = letTimePass(age);
        if (age.isZero() && happened.isEmpty()) {
          break;
        }
        aged = aged.plus(age);
        happened.stream().filter(h -> !waited.contains(h)).forEach(waited::add);
      }
      return new PlanPreview(first, steps, pending(last), false);
    }

    private ObservedState state() {
      return new ObservedState(List.copyOf(containers.values()), List.copyOf(networks.values()),
          List.copyOf(volumes.values()), images, stateSince);
    }

    /** How long until the earliest rollout step that waits for monitor or delay may go; zero if none does. */
    private Duration nextRolloutStep(Plan plan) {
      return plan.services().values().stream()
          .map(ServicePlanStatus::nextRolloutStep)
          .filter(Objects::nonNull)
          .map(at -> Duration.between(now, at))
          .filter(d -> !d.isNegative())
          .min(Duration::compareTo)
          .orElse(Duration.ZERO);
    }

    /**
     * Running containers (not unhealthy ones: their replacement waits out a backoff) age by {@code age}, starting
     * health checks pass, and dependencies waited for until they complete do. Says what happened.
     */
    private List<String> letTimePass(Duration age) {
      Set<String> oneShots = oneShots();
      List<String> happened = new ArrayList<>();
      for (ObservedContainer c : List.copyOf(containers.values())) {
        if (!c.running() || c.health() == Health.UNHEALTHY) {
          continue;
        }
        if (oneShots.contains(c.service()) && completed.add(c.id())) {
          put(with(c, State.EXITED, c.health(), 0, c.startedAt(), now));
          happened.add("once " + c.service() + " completes");
          continue;
        }
        Health health = c.health();
        if (health == Health.STARTING) {
          health = Health.HEALTHY;
          happened.add("once health checks pass");
        }
        Instant started = c.startedAt() == null || age.isZero() ? c.startedAt() : c.startedAt().minus(age);
        if (health != c.health() || !Objects.equals(started, c.startedAt())) {
          put(with(c, c.state(), health, c.exitCode(), started, c.finishedAt()));
        }
      }
      return happened.stream().distinct().toList();
    }

    /** Services some service waits for with service_completed_successfully. */
    private Set<String> oneShots() {
      Set<String> oneShots = new HashSet<>();
      if (desired != null) {
        desired.services().values().forEach(s -> s.dependsOn().forEach((name, dep) -> {
          if (dep.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY) {
            oneShots.add(name);
          }
        }));
      }
      return oneShots;
    }

    private void apply(List<Action> actions) {
      for (Action action : actions) {
        if (action instanceof Action.CreateNetwork a) {
          String id = "sim-net-" + a.spec().name();
          networks.put(id, new ObservedNetwork(id, a.spec().name(), a.spec().driver(), a.spec().labels()));
        } else if (action instanceof Action.RemoveNetwork a) {
          networks.remove(a.id());
        } else if (action instanceof Action.CreateVolume a) {
          volumes.put(a.spec().name(), new ObservedVolume(a.spec().name(), a.spec().driver(), a.spec().labels()));
        } else if (action instanceof Action.RemoveVolume a) {
          volumes.remove(a.name());
        } else if (action instanceof Action.PullImage a) {
          images.add(a.image());
        } else if (action instanceof Action.CreateContainer a) {
          create(a.spec());
        } else if (action instanceof Action.StartContainer a) {
          ObservedContainer c = containers.get(a.id());
          if (c != null) {
            put(with(c, State.RUNNING, checked(c.service()) ? Health.HEALTHY : Health.NONE, null, now,
                c.finishedAt()));
          }
        } else if (action instanceof Action.StopContainer a) {
          ObservedContainer c = containers.get(a.id());
          if (c != null) {
            put(with(c, State.EXITED, Health.NONE, 0, c.startedAt(), now));
          }
        } else if (action instanceof Action.RemoveContainer a) {
          containers.remove(a.id());
          stateSince.remove(a.id());
        }
      }
    }

    private void create(ContainerSpec spec) {
      String id = "sim-" + (++created) + "-" + spec.name();
      boolean checked = spec.healthcheck() != null && !spec.healthcheck().disabled();
      containers.put(id, new ObservedContainer(id, spec.name(), spec.image(), spec.labels(), State.RUNNING,
          checked ? Health.HEALTHY : Health.NONE, null, false, now, null, null));
    }

    private boolean checked(String service) {
      ServiceSpec spec = desired == null ? null : desired.service(service);
      return spec != null && spec.healthcheck() != null && !spec.healthcheck().disabled();
    }

    private void put(ObservedContainer c) {
      containers.put(c.id(), c);
      stateSince.remove(c.id()); // a new state, seen at an unknown moment: no backoff measured from it
    }

    private static ObservedContainer with(ObservedContainer c, State state, Health health, Integer exitCode,
        Instant startedAt, Instant finishedAt) {
      return new ObservedContainer(c.id(), c.name(), c.image(), c.labels(), state, health, exitCode, false,
          startedAt, finishedAt, null);
    }

    /** For each container this pass replaces because its spec changed: the fields that changed, when known. */
    private Map<String, List<String>> changedFields(List<Action> actions) {
      Map<String, List<String>> fields = new TreeMap<>();
      if (previous == null || desired == null) {
        return fields;
      }
      Map<String, ObservedContainer> replaced = new HashMap<>();
      for (Action action : actions) {
        if (action instanceof Action.RemoveContainer r && r.reason() == Reason.SPEC_CHANGED) {
          ObservedContainer old = containers.get(r.id());
          if (old != null) {
            replaced.put(r.service() + "/" + r.slot(), old);
          }
        }
      }
      Map<String, List<String>> byService = new HashMap<>();
      for (Action action : actions) {
        if (!(action instanceof Action.CreateContainer create) || create.reason() != Reason.SPEC_CHANGED) {
          continue;
        }
        ObservedContainer old = replaced.get(create.service() + "/" + create.slot());
        ServiceSpec before = previous.service(create.service());
        ServiceSpec after = desired.service(create.service());
        // Only when the old container runs the previous spec: an older one differs in ways nobody stored.
        if (old == null || before == null || after == null
            || !Objects.equals(old.specHash(), previousHashes.get(create.service()))) {
          continue;
        }
        fields.put(create.name(), byService.computeIfAbsent(create.service(),
            s -> SpecDiff.changedFields(desired, before, after)));
      }
      return fields;
    }

    /** "kibana waits for elasticsearch (service_healthy)", for each service a depends_on condition holds back. */
    private static List<String> waiting(Plan plan) {
      List<String> waiting = new ArrayList<>();
      plan.services().forEach((service, status) -> {
        status.waits().forEach(w -> waiting.add(service + " waits for " + w.target()));
      });
      return waiting;
    }

    /**
     * What the last pass still reports: backoffs, failures, errors, waits nothing simulated resolves. A service that
     * waits for none of these (e.g. its one-shot container exited and is not to restart) has reached its state.
     */
    private static List<String> pending(Plan plan) {
      List<String> pending = new ArrayList<>(plan.problems());
      plan.services().forEach((service, status) -> {
        status.errors().forEach(e -> pending.add(service + ": " + e));
        boolean unsettled = status.waitingOnDependencies() || status.rollout() != null
            || status.backoffUntil() != null || status.failed();
        if (unsettled) {
          status.notes().forEach(n -> pending.add(service + ": " + n));
        }
      });
      return pending;
    }
  }
}
