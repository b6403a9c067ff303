package io.orch.agent.autoscale;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.agent.state.StoredStack;
import io.orch.core.autoscale.AutoscaleDecision;
import io.orch.core.model.Autoscale;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica count of autoscaled services. The {@link AutoscaleSampler} measures and decides, then {@link #submit}s;
 * the stack reconciler {@link #fold}s what was submitted at the start of its next pass, so the count (and its
 * history, stored in {@code <stateDir>/autoscale/}) has one writer and reaches the engine only through the planner
 * and the plan executor. A user's pin ({@code orch scale --pin}, stored in {@code <stateDir>/autoscale-pins/}) is
 * the API's to write; it makes the rule's min and max both the pinned count until the stack is submitted again.
 *
 * <p>The count of a service starts at its declared {@code deploy.replicas}; once the autoscaler has decided, its
 * count wins over the declared one (as the HPA's over a Deployment's {@code replicas}), kept within min..max of the
 * rule in force.
 */
public final class Autoscaling {
  private static final Logger log = LoggerFactory.getLogger(Autoscaling.class);

  /** What the status shows of one autoscaled service. */
  public record View(Autoscale rule, boolean pinned, int replicas, ServiceScaling.Last last) {}

  private record Submitted(String stack, String service, AutoscaleDecision decision, Instant at) {}

  private final ScalingFiles<ServiceScaling> book;
  private final ScalingFiles<Integer> pins;
  private final Queue<Submitted> pending = new ConcurrentLinkedQueue<>();
  private volatile Runnable onChange = () -> {};

  /** Stored under {@code stateDir}; null keeps everything in memory (tests). */
  public Autoscaling(Path stateDir) {
    this.book = new ScalingFiles<>(stateDir, "autoscale", "autoscaler state", ServiceScaling.class);
    this.pins = new ScalingFiles<>(stateDir, "autoscale-pins", "autoscale pins", Integer.class);
  }

  public static Autoscaling inMemory() {
    return new Autoscaling(null);
  }

  /** Called after every change of a count or a decision (the metrics refresh). */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** The rule in force for {@code spec}: its declared block, or min = max = the pin; null when not autoscaled. */
  public Autoscale rule(String stack, ServiceSpec spec) {
    Autoscale declared = spec.orch().autoscale();
    if (declared == null) {
      return null;
    }
    Integer pin = pins.of(stack).get(spec.name());
    return pin == null ? declared : new Autoscale(pin, pin, declared.cpuPercent(), declared.memoryPercent(),
        declared.scaleUp(), declared.scaleDown());
  }

  /** The count the planner works towards: the autoscaler's (else the declared one) within the rule's min..max. */
  public int replicas(String stack, ServiceSpec spec) {
    return count(rule(stack, spec), book.of(stack).get(spec.name()), spec);
  }

  private static int count(Autoscale rule, ServiceScaling scaling, ServiceSpec spec) {
    if (rule == null) {
      return spec.replicas();
    }
    return rule.clamp(scaling == null ? spec.replicas() : scaling.replicas());
  }

  /** {@code desired} with each autoscaled service at its {@link #replicas} count. */
  public Stack effective(String stack, Stack desired) {
    Stack out = desired;
    for (ServiceSpec spec : desired.services().values()) {
      int n = replicas(stack, spec);
      if (n != spec.replicas()) {
        out = out.withReplicas(spec.name(), n);
      }
    }
    return out;
  }

  /** As {@link #effective(String, Stack)} on a stored stack, keeping its generation and bookkeeping. */
  public StoredStack effective(StoredStack s) {
    if (s.deleting()) {
      return s;
    }
    Stack e = effective(s.name(), s.stack());
    return e == s.stack() ? s : s.around(e);
  }

  /** What the autoscaler kept of a service, for the next decision. */
  public Optional<ServiceScaling> scaling(String stack, String service) {
    return Optional.ofNullable(book.of(stack).get(service));
  }

  /** A decision for the reconciler to fold in; the caller enqueues the stack. */
  public void submit(String stack, String service, AutoscaleDecision decision, Instant at) {
    pending.add(new Submitted(stack, service, decision, at));
  }

  /**
   * The reconciler's part, at the start of a pass: takes the decisions submitted for {@code stack}, drops those made
   * for another count than the one now in force (a pin or a new file came in between: the next period decides
   * again), stores the rest, and forgets services that are gone or no longer autoscaled ({@code declared} null: the
   * stack is being removed). Returns the {@code service.autoscaled} events of the changes.
   */
  public List<AgentEvent> fold(String stack, Stack declared, Instant now) {
    Map<String, ServiceScaling> before = book.of(stack);
    Map<String, ServiceScaling> next = new TreeMap<>(before);
    next.keySet().removeIf(service -> declared == null || declared.service(service) == null
        || declared.service(service).orch().autoscale() == null);
    List<AgentEvent> events = new ArrayList<>();
    for (Submitted s : List.copyOf(pending)) {
      if (!s.stack().equals(stack) || !pending.remove(s)) {
        continue;
      }
      ServiceSpec spec = declared == null ? null : declared.service(s.service());
      Autoscale rule = spec == null ? null : rule(stack, spec);
      if (rule == null) {
        continue;
      }
      int current = count(rule, next.get(s.service()), spec);
      if (s.decision().current() != current) {
        log.debug("{}/{}: decision for {} replicas dropped, the count is now {}", stack, s.service(),
            s.decision().current(), current);
        continue;
      }
      ServiceScaling was = next.getOrDefault(s.service(), ServiceScaling.starting(current));
      Duration keepEvents = rule.scaleUp().period().compareTo(rule.scaleDown().period()) > 0
          ? rule.scaleUp().period() : rule.scaleDown().period();
      next.put(s.service(), was.after(s.decision(), s.at(), keepEvents));
      if (s.decision().changes()) {
        events.add(new AgentEvent(now, EventType.SERVICE_AUTOSCALED, stack, s.service(), null, null,
            s.decision().desired() > s.decision().current() ? "up" : "down", s.decision().reason()));
      }
    }
    if (!next.equals(before)) {
      book.put(stack, next);
      onChange.run();
    }
    return events;
  }

  /** Forgets a removed stack. Called by the reconciler once the stack is gone. */
  public void remove(String stack) {
    pending.removeIf(s -> s.stack().equals(stack));
    book.remove(stack);
    pins.remove(stack);
    onChange.run();
  }

  /** Fixes the count of an autoscaled service at {@code replicas} (min = max) until the stack is submitted again. */
  public void pin(String stack, String service, int replicas) {
    Map<String, Integer> next = new TreeMap<>(pins.of(stack));
    next.put(service, replicas);
    pins.put(stack, next);
    onChange.run();
  }

  /** A new submission brings back the file's autoscale blocks. */
  public void clearPins(String stack) {
    pins.remove(stack);
    onChange.run();
  }

  /** The status of an autoscaled service; empty when it is not autoscaled. */
  public Optional<View> view(String stack, ServiceSpec spec) {
    Autoscale rule = rule(stack, spec);
    if (rule == null) {
      return Optional.empty();
    }
    ServiceScaling s = book.of(stack).get(spec.name());
    return Optional.of(new View(rule, pins.of(stack).containsKey(spec.name()), count(rule, s, spec),
        s == null ? null : s.last()));
  }

  /** Every stack's kept state, for the metrics. */
  public Map<String, Map<String, ServiceScaling>> all() {
    return book.all();
  }
}
