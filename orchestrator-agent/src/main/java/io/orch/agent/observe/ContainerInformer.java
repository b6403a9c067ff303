package io.orch.agent.observe;

import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.plan.Labels;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The agent's view of every orch-managed container on the engine, kept from engine events (the informer of client-go,
 * without its weight): one full list at start, on reconnect and on each resync, and otherwise one inspect per event that
 * can change a container. Reconcile passes read containers from here instead of listing and inspecting every container
 * of the stack each time.
 *
 * <p>It may lag the engine by an event; that is the contract of a level-triggered loop (the event that follows a change
 * triggers the pass that sees it, and the executor refreshes what it just did). The map holds each container's latest
 * observation and the moment its state or health last changed, which the restart logic measures an unhealthy wait
 * from.
 */
public final class ContainerInformer implements OwnEvents {
  /**
   * One container as last seen, and since when its state and health have been what they are. {@code afterAction} says
   * the last look was the executor's (after acting on it), not an event's: the next event about it must still wake
   * its stack even when it finds nothing new, because the pass that acted planned from the state before.
   */
  public record Entry(ObservedContainer container, Instant stateSince, boolean afterAction) {}

  private final EngineView engine;
  private final Clock clock;
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private volatile Consumer<String> onChange = stack -> {};
  private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
  /**
   * Echoes of the executor's own calls still to come, by container name and action: how many, and until when. The
   * engine sends an event while the call runs; one that never comes (a start of a container already running sends
   * none) must not hide a later event of the same kind for long, so expectations lapse.
   */
  private final Map<String, Pending> expectedEchoes = new ConcurrentHashMap<>();
  private static final java.time.Duration ECHO_LAPSES_AFTER = java.time.Duration.ofSeconds(30);

  private record Pending(int count, Instant until) {}
  /** Counts network, volume and image changes: see {@link #objectsMark()}. */
  private final AtomicLong objectChanges = new AtomicLong();
  /** The count at the last change of any object whatever (a relist, lost events, an image event). */
  private volatile long everythingChangedAt;
  /** The count at the last event of each network (by name and id) and volume (by name), since the last of those. */
  private final Map<String, Long> objectChangedAt = new ConcurrentHashMap<>();

  public ContainerInformer(EngineView engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Tells {@code listener} the stack whose containers changed in this view, on the thread that changed it (an event,
   * the executor's refresh, a relist): what must follow the engine at once, e.g. the ingress rotation. Be quick.
   */
  public void onChange(Consumer<String> listener) {
    this.onChange = listener;
  }

  /**
   * Also tells {@code watcher} each stack whose containers changed, as {@link #onChange} does, until the returned
   * handle is closed: e.g. a followed log, which must pick up a restarted or new replica. Be quick.
   */
  public Watch watch(Consumer<String> watcher) {
    watchers.add(watcher);
    return () -> watchers.remove(watcher);
  }

  /** Stops a {@link #watch}. */
  @FunctionalInterface
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  private void changed(String stack) {
    onChange.accept(stack);
    watchers.forEach(w -> w.accept(stack));
  }

  /**
   * Lists every managed container and replaces the view with what the engine holds now. Returns the stacks seen now
   * and those the view held before: a stack whose last container went away meanwhile (removed by another agent, or
   * while this one missed the event) must be looked at once more, or its status would outlive it. Throws
   * {@link io.orch.core.engine.EngineException.Unavailable} when the engine does not answer (the view is kept).
   */
  public Set<String> relist() {
    // Events may have been lost (that is why a relist happens): an expected echo may never come, and a listing of
    // networks, volumes and images from before may be stale. Forgetting both costs at most one inspect and one listing.
    everythingChanged();
    expectedEchoes.clear();
    List<ObservedContainer> listed = engine.listContainers(Map.of(Labels.MANAGED, "true"));
    Instant now = clock.instant();
    Map<String, Entry> fresh = new HashMap<>();
    for (ObservedContainer c : listed) {
      fresh.put(c.id(), next(byId.get(c.id()), c, now, false));
    }
    Set<String> before = stacks();
    byId.keySet().retainAll(fresh.keySet());
    byId.putAll(fresh);
    Set<String> stacks = new TreeSet<>();
    listed.stream().map(ObservedContainer::stack).filter(s -> s != null).forEach(stacks::add);
    before.addAll(stacks);
    before.forEach(this::changed);
    return before;
  }

  /**
   * Applies one engine event; returns the stack whose observed state changed, or empty when nothing orch plans on did
   * (an exec probe, a health status that repeats the current one, an event on an unmanaged object).
   */
  public Optional<String> apply(EngineEvent e) {
    Optional<String> changed = applyEvent(e);
    changed.ifPresent(this::changed);
    return changed;
  }

  private Optional<String> applyEvent(EngineEvent e) {
    String stack = e.attributes().get(Labels.STACK);
    switch (EngineEventKind.of(e)) {
      case IGNORED -> {
        return Optional.empty();
      }
      case OBJECT_CHANGED -> {
        objectChanged(e);
        return Optional.empty();
      }
      case CONTAINER_REMOVED -> {
        return byId.remove(e.id()) != null || stack != null ? Optional.ofNullable(stack) : Optional.empty();
      }
      default -> {
        if (echoOfOwnCall(e)) {
          // The executor caused it and looks at the container itself right after the call: no inspect, no pass.
          return Optional.empty();
        }
        Entry known = byId.get(e.id());
        if (known != null && !known.afterAction() && repeatsHealth(e, known.container())) {
          return Optional.empty();
        }
        return look(e.id(), e.time(), false) ? Optional.ofNullable(stack) : Optional.empty();
      }
    }
  }

  /**
   * Applies the event only if it removes a container (which costs no engine call); returns the stack that lost it.
   * For the stacks this agent does not hold: their other events are left to the resync, but a removal must not be,
   * or a stack removed elsewhere would be listed, with its old counts, until then.
   */
  public Optional<String> applyRemoval(EngineEvent e) {
    return EngineEventKind.of(e) == EngineEventKind.CONTAINER_REMOVED ? apply(e) : Optional.empty();
  }

  @Override
  public void expect(String container, Echo echo) {
    Instant until = clock.instant().plus(ECHO_LAPSES_AFTER);
    expectedEchoes.merge(echoKey(container, echo.action()), new Pending(1, until),
        (a, b) -> new Pending(a.count() + 1, until));
  }

  @Override
  public void cancel(String container, Echo echo) {
    expectedEchoes.computeIfPresent(echoKey(container, echo.action()), (k, p) -> less(p));
  }

  private static Pending less(Pending p) {
    return p.count() > 1 ? new Pending(p.count() - 1, p.until()) : null;
  }

  /**
   * A mark to compare with {@link #objectsChangedSince}: take it before listing networks, volumes and images, and that
   * listing holds as long as no change of the objects it is about came after the mark.
   */
  public long objectsMark() {
    return objectChanges.get();
  }

  /**
   * True when, since {@code mark}, an engine event said that one of the networks or volumes {@code names} (names or
   * ids) came or went, or anything may have changed (events were lost, the engine was listed again, an image came or
   * went). Another stack's networks and volumes do not count: on a busy engine they come and go all the time.
   */
  public boolean objectsChangedSince(long mark, Collection<String> names) {
    if (everythingChangedAt > mark) {
      return true;
    }
    for (String name : names) {
      Long at = objectChangedAt.get(name);
      if (at != null && at > mark) {
        return true;
      }
    }
    return false;
  }

  /**
   * The event stream ended: what happens to networks, volumes and images until it is back is unseen, so no listing of
   * them from before is trusted (the reconnect relists the containers).
   */
  public void eventsLost() {
    everythingChanged();
  }

  private void everythingChanged() {
    everythingChangedAt = objectChanges.incrementAndGet();
    objectChangedAt.clear(); // every listing from before is stale now: the names need not be kept
  }

  private void objectChanged(EngineEvent e) {
    if ("image".equals(e.type())) {
      everythingChanged(); // an image event names an image id or a reference: rare, so simply all
      return;
    }
    long at = objectChanges.incrementAndGet();
    if (e.id() != null) {
      objectChangedAt.put(e.id(), at); // a volume's id is its name
    }
    String name = e.attributes().get("name");
    if (name != null) {
      objectChangedAt.put(name, at);
    }
  }

  /** True, once, for the event an expected echo announced. */
  private boolean echoOfOwnCall(EngineEvent e) {
    String name = e.attributes().get("name");
    if (name == null || e.action() == null) {
      return false;
    }
    Instant now = clock.instant();
    boolean[] consumed = {false};
    expectedEchoes.computeIfPresent(echoKey(name, e.action().trim()), (k, p) -> {
      if (now.isAfter(p.until())) {
        return null; // lapsed: this event is someone else's
      }
      consumed[0] = true;
      return less(p);
    });
    return consumed[0];
  }

  private static String echoKey(String container, String action) {
    return container + '\0' + action;
  }

  /** Inspects one container again after the executor acted on it; true when what orch sees of it changed. */
  public boolean refresh(String idOrName) {
    Entry before = byId.get(idOrName);
    boolean changed = look(idOrName, clock.instant(), true);
    Entry after = byId.get(idOrName);
    Entry known = after != null ? after : before;
    if (changed && known != null && known.container().stack() != null) {
      changed(known.container().stack());
    }
    return changed;
  }

  /** Inspects and stores; true when the stack should look again (a change, or the first event after an action). */
  private boolean look(String idOrName, Instant at, boolean afterAction) {
    Optional<ObservedContainer> seen = engine.inspectContainer(idOrName);
    if (seen.isEmpty()) {
      return byId.values().removeIf(entry -> entry.container().id().equals(idOrName)
          || entry.container().name().equals(idOrName));
    }
    ObservedContainer c = seen.get();
    if (!c.managed()) {
      return byId.remove(c.id()) != null;
    }
    Entry before = byId.get(c.id());
    byId.put(c.id(), next(before, c, at == null ? clock.instant() : at, afterAction));
    return before == null || !before.container().equals(c) || before.afterAction();
  }

  /** Drops a container the executor just removed. */
  public void forget(String id) {
    Entry gone = byId.remove(id);
    if (gone != null && gone.container().stack() != null) {
      changed(gone.container().stack());
    }
  }

  /** The managed containers of one stack, ordered by name. */
  public List<ObservedContainer> containersOf(String stack) {
    return byId.values().stream().map(Entry::container).filter(c -> stack.equals(c.stack()))
        .sorted(Comparator.comparing(ObservedContainer::name)).toList();
  }

  /** Since when each container of a stack has been in its current state and health, by container id. */
  public Map<String, Instant> stateSince(String stack) {
    Map<String, Instant> since = new HashMap<>();
    byId.values().stream().filter(e -> stack.equals(e.container().stack()))
        .forEach(e -> since.put(e.container().id(), e.stateSince()));
    return since;
  }

  /** Every stack that has a managed container, as last seen. */
  public Set<String> stacks() {
    Set<String> stacks = new TreeSet<>();
    byId.values().stream().map(e -> e.container().stack()).filter(s -> s != null).forEach(stacks::add);
    return stacks;
  }

  private static Entry next(Entry before, ObservedContainer now, Instant at, boolean afterAction) {
    boolean same = before != null && before.container().health() == now.health()
        && before.container().state() == now.state() && before.container().id().equals(now.id());
    return new Entry(now, same ? before.stateSince() : at, afterAction);
  }

  /** "health_status: healthy" when the container is already known healthy: Docker repeats it on some probes. */
  private static boolean repeatsHealth(EngineEvent e, ObservedContainer known) {
    String action = e.action().trim();
    if (!action.startsWith("health_status:")) {
      return false;
    }
    String status = action.substring("health_status:".length()).trim();
    return known.health().name().equalsIgnoreCase(status);
  }
}
