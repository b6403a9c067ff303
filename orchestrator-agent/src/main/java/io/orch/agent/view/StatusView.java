package io.orch.agent.view;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.state.UnreadableStack;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackPhase;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.agent.status.StatusReport;
import io.orch.core.model.Stack;
import io.orch.core.plan.IngressRoute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every read of the API: the status board the reconcile loop publishes joined with the stored stacks (a submission no
 * pass has seen yet, its autoscaler and ingress). Never touches the engine, so a slow engine never blocks a read.
 */
public final class StatusView {
  private final StateStore store;
  private final StatusBoard board;
  private final Autoscaling autoscaling;

  public StatusView(StateStore store, StatusBoard board, Autoscaling autoscaling) {
    this.store = store;
    this.board = board;
    this.autoscaling = autoscaling;
  }

  /** A service's status with what the stored stack adds: the host ports orch's ingress holds, its autoscaler. */
  public record ServiceView(ServiceStatus status, List<IngressRoute> ingress, Optional<Autoscaling.View> autoscale) {}

  /**
   * One line of the stack list: replica totals over all services; {@code problem} says why a stack is
   * {@link StackPhase#UNREADABLE} (else null); {@code autoscaled} the autoscaled services by name.
   */
  public record StackSummary(String name, int services, int desired, int running, StackPhase phase, String problem,
      Map<String, Autoscaling.View> autoscaled) {}

  /** One stack: its stored file (empty if not held, or unreadable) and its services as {@link #services} says. */
  public record StackView(String name, Optional<StoredStack> stored, List<ServiceView> services, String problem,
      long observedGeneration) {
    public Instant submittedAt() {
      return stored.map(StoredStack::submittedAt).orElse(null);
    }

    public long generation() {
      return stored.map(StoredStack::generation).orElse(0L);
    }

    public boolean deleting() {
      return stored.map(StoredStack::deleting).orElse(false);
    }

    public Optional<Stack> stack() {
      return stored.map(StoredStack::stack);
    }

    public Set<String> profiles() {
      return stored.map(StoredStack::profiles).orElse(Set.of());
    }
  }

  /** One replica with the stack and service it belongs to. */
  public record Replica(String stack, String service, ContainerStatus container) {}

  public List<StackSummary> stacks() {
    List<StackSummary> stacks = new ArrayList<>(board.all().stream().map(s -> {
      int desired = s.services().stream().mapToInt(ServiceStatus::desired).sum();
      int running = s.services().stream().mapToInt(ServiceStatus::running).sum();
      Optional<UnreadableStack> unreadable = store.unreadable(s.name());
      return unreadable.isPresent()
          ? new StackSummary(s.name(), s.services().size(), desired, running, StackPhase.UNREADABLE,
              problem(unreadable.get()), Map.of())
          : new StackSummary(s.name(), s.services().size(), desired, running, StackPhase.of(s), null,
              autoscaled(s.name()));
    }).toList());
    // An unreadable stack without containers is on no board: it still must show, or nobody learns of the file.
    store.unreadable().stream().filter(u -> board.get(u.name()).isEmpty())
        .forEach(u -> stacks.add(new StackSummary(u.name(), 0, 0, 0, StackPhase.UNREADABLE, problem(u), Map.of())));
    stacks.sort(Comparator.comparing(StackSummary::name));
    return stacks;
  }

  /** The autoscaled services of a stored, not deleting stack, by name. */
  private Map<String, Autoscaling.View> autoscaled(String stack) {
    Map<String, Autoscaling.View> byService = new TreeMap<>();
    store.get(stack).filter(s -> !s.deleting()).ifPresent(stored -> stored.stack().services().values()
        .forEach(spec -> autoscaling.view(stack, spec).ifPresent(v -> byService.put(spec.name(), v))));
    return byService;
  }

  /** Why a stored file cannot be read, and what to do about it. */
  public static String problem(UnreadableStack u) {
    return "the stored file " + u.file() + " " + u.reason() + "; its containers are left alone: submit the stack "
        + "again to replace the file";
  }

  public Optional<StackView> stack(String name) {
    Optional<StackStatus> status = board.get(name);
    Optional<StoredStack> stored = store.get(name);
    Optional<UnreadableStack> unreadable = store.unreadable(name);
    if (status.isEmpty() && stored.isEmpty() && unreadable.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StackView(name, stored, services(name).orElse(List.of()),
        unreadable.map(StatusView::problem).orElse(null), status.map(StackStatus::generation).orElse(0L)));
  }

  /**
   * The services of a stack: as the last pass saw them, or, when the stored stack is newer than that pass, the desired
   * counts of the submission with what was running. Empty when there is no such stack; an empty list for an
   * unreadable stack without containers (its services are in the file that cannot be read).
   */
  public Optional<List<ServiceView>> services(String stack) {
    Optional<StackStatus> status = board.get(stack);
    Optional<StoredStack> stored = store.get(stack);
    if (status.isEmpty() && stored.isEmpty()) {
      return store.unreadable(stack).isPresent() ? Optional.of(List.of()) : Optional.empty();
    }
    if (status.isPresent() && stored.map(s -> s.generation() <= status.get().generation()).orElse(true)) {
      return Optional.of(status.get().services().stream().map(s -> view(stored, s)).toList());
    }
    // Submitted but not reconciled yet: report the desired counts with nothing (new) running.
    return Optional.of(autoscaling.effective(stack, stored.get().stack()).services().values().stream()
        .map(spec -> StatusReport.pending(stack, spec, status.flatMap(s -> s.services().stream()
            .filter(x -> x.service().equals(spec.name())).findFirst())))
        .map(s -> new ServiceView(s, List.of(), autoscale(stored, s.service()))).toList());
  }

  public Optional<ServiceView> service(String stack, String service) {
    return services(stack).orElse(List.of()).stream().filter(s -> s.status().service().equals(service)).findFirst();
  }

  private ServiceView view(Optional<StoredStack> stored, ServiceStatus s) {
    List<IngressRoute> ingress = stored.filter(x -> !x.deleting()).map(x -> IngressRoute.of(x.stack()).stream()
        .filter(r -> r.service().equals(s.service())).toList()).orElse(List.of());
    return new ServiceView(s, ingress, autoscale(stored, s.service()));
  }

  private Optional<Autoscaling.View> autoscale(Optional<StoredStack> stored, String service) {
    return stored.filter(s -> !s.deleting()).map(s -> s.stack().service(service))
        .flatMap(spec -> autoscaling.view(stored.get().name(), spec));
  }

  /** Every replica, optionally of one stack and one service (null: all). */
  public List<Replica> replicas(String stack, String service) {
    return board.all().stream()
        .filter(s -> stack == null || s.name().equals(stack))
        .flatMap(s -> s.services().stream())
        .filter(s -> service == null || s.service().equals(service))
        .flatMap(s -> s.containers().stream().map(c -> new Replica(s.stack(), s.service(), c)))
        .toList();
  }

  /** How many stacks the board holds and how many replicas they have, for {@code GET /v1/info}. */
  public int stackCount() {
    return board.all().size();
  }

  public int replicaCount() {
    return board.all().stream().flatMap(s -> s.services().stream()).mapToInt(s -> s.containers().size()).sum();
  }
}
