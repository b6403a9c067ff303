package io.orch.agent.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineInfo;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.plan.Labels;
import java.io.Closeable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ContainerInformerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final Engine engine = new Engine();
  private final ContainerInformer informer = new ContainerInformer(engine, Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void healthCheckProbesChangeNothingAndCostNoInspect() {
    engine.put(container("a", "shop", State.RUNNING, Health.HEALTHY));
    informer.relist();
    engine.inspects.set(0);

    for (String action : List.of("exec_create: true", "exec_start: true", "exec_die", "kill", "stop", "attach")) {
      assertThat(informer.apply(event("a", "shop", action))).as(action).isEmpty();
    }
    assertThat(informer.apply(event("a", "shop", "health_status: healthy"))).isEmpty();
    assertThat(engine.inspects).hasValue(0);
  }

  @Test
  void aChangeSeenByInspectWakesItsStackOnce() {
    engine.put(container("a", "shop", State.RUNNING, Health.HEALTHY));
    informer.relist();

    engine.put(container("a", "shop", State.EXITED, Health.HEALTHY));
    assertThat(informer.apply(event("a", "shop", "die"))).contains("shop");
    assertThat(informer.containersOf("shop")).extracting(ObservedContainer::state).containsExactly(State.EXITED);
    // The same event again (or the stop that follows) finds nothing new.
    assertThat(informer.apply(event("a", "shop", "die"))).isEmpty();
  }

  @Test
  void healthTurningUnhealthyIsAChangeAndRecordsWhen() {
    engine.put(container("a", "shop", State.RUNNING, Health.HEALTHY));
    informer.relist();
    engine.put(container("a", "shop", State.RUNNING, Health.UNHEALTHY));
    Instant at = T0.plusSeconds(42);

    assertThat(informer.apply(new EngineEvent("container", "health_status: unhealthy", "a",
        labels("shop"), at))).contains("shop");
    assertThat(informer.stateSince("shop")).containsEntry("a", at);
  }

  @Test
  void theEchoOfTheExecutorsOwnStartCostsNoInspectAndWakesNothingButTheNextEventDoes() {
    engine.put(container("a", "shop", State.EXITED, Health.NONE));
    informer.relist();
    // The executor announces the start, starts, and looks at the container itself.
    informer.expect("shop-web-1", OwnEvents.Echo.START);
    engine.put(container("a", "shop", State.RUNNING, Health.NONE));
    informer.refresh("a");
    engine.inspects.set(0);

    assertThat(informer.apply(named(event("a", "shop", "start")))).as("its own start").isEmpty();
    assertThat(engine.inspects).hasValue(0);
    // It crashes again: that die is no echo, and wakes the stack.
    engine.put(container("a", "shop", State.EXITED, Health.NONE));
    assertThat(informer.apply(named(event("a", "shop", "die")))).contains("shop");
    assertThat(engine.inspects).hasValue(1);
  }

  @Test
  void aStartThatFailedExpectsNoEchoSoTheNextStartIsLookedAt() {
    engine.put(container("a", "shop", State.EXITED, Health.NONE));
    informer.relist();
    informer.expect("shop-web-1", OwnEvents.Echo.START);
    informer.cancel("shop-web-1", OwnEvents.Echo.START);
    // Someone else starts it (docker start): seen.
    engine.put(container("a", "shop", State.RUNNING, Health.NONE));
    assertThat(informer.apply(named(event("a", "shop", "start")))).contains("shop");
  }

  @Test
  void anotherStacksNetworksAndVolumesLeaveThisStacksListingStanding() {
    long mark = informer.objectsMark();
    List<String> shops = List.of("shop_default", "shop_data");

    informer.apply(new EngineEvent("network", "create", "n1", Map.of("name", "blog_default", "type", "bridge"), T0));
    informer.apply(new EngineEvent("volume", "destroy", "blog_data", Map.of("driver", "local"), T0));
    informer.apply(new EngineEvent("network", "connect", "n0", Map.of("name", "shop_default"), T0));
    assertThat(informer.objectsChangedSince(mark, shops)).as("others' objects, a connect").isFalse();

    informer.apply(new EngineEvent("volume", "destroy", "shop_data", Map.of("driver", "local"), T0));
    assertThat(informer.objectsChangedSince(mark, shops)).as("its volume removed").isTrue();
    long later = informer.objectsMark();
    assertThat(informer.objectsChangedSince(later, shops)).isFalse();
    informer.apply(new EngineEvent("image", "delete", "sha256:1", Map.of("name", "busybox"), T0));
    assertThat(informer.objectsChangedSince(later, shops)).as("an image came or went").isTrue();
    later = informer.objectsMark();
    informer.eventsLost();
    assertThat(informer.objectsChangedSince(later, shops)).as("events lost").isTrue();
  }

  @Test
  void theFirstEventAfterAnActionWakesTheStackEvenWhenTheExecutorAlreadySawTheChange() {
    engine.put(container("a", "shop", State.RUNNING, Health.NONE));
    informer.relist();
    // The executor restarted it and looked at once: it had already exited again.
    engine.put(container("a", "shop", State.EXITED, Health.NONE));
    informer.refresh("a");

    // The die event finds what the executor saw, but the pass that restarted it planned from before: wake it.
    assertThat(informer.apply(event("a", "shop", "die"))).contains("shop");
    assertThat(informer.apply(event("a", "shop", "die"))).isEmpty();
  }

  @Test
  void healthSeenByTheExecutorFirstStillWakesTheStackOnItsEvent() {
    engine.put(container("a", "shop", State.RUNNING, Health.HEALTHY));
    informer.relist();
    engine.put(container("a", "shop", State.RUNNING, Health.UNHEALTHY));
    informer.refresh("a");

    assertThat(informer.apply(event("a", "shop", "health_status: unhealthy"))).contains("shop");
  }

  @Test
  void destroyForgetsTheContainer() {
    engine.put(container("a", "shop", State.EXITED, Health.NONE));
    informer.relist();
    engine.containers.remove("a");

    assertThat(informer.apply(event("a", "shop", "destroy"))).contains("shop");
    assertThat(informer.containersOf("shop")).isEmpty();
  }

  @Test
  void unmanagedContainersAndOtherObjectsAreIgnored() {
    assertThat(informer.apply(new EngineEvent("container", "start", "x", Map.of("name", "x"), T0))).isEmpty();
    assertThat(informer.apply(new EngineEvent("network", "connect", "n", Map.of("container", "a"), T0))).isEmpty();
    assertThat(engine.inspects).hasValue(0);
  }

  @Test
  void relistReplacesTheViewAndNamesEveryStackIncludingThoseThatWentAway() {
    engine.put(container("a", "shop", State.RUNNING, Health.NONE));
    engine.put(container("b", "blog", State.RUNNING, Health.NONE));
    assertThat(informer.relist()).containsExactly("blog", "shop");

    // shop was removed behind the agent's back (another agent's `down`, an event missed): the relist still names it,
    // so the loop looks at it once more and drops it from the status instead of listing it with its old counts.
    engine.containers.remove("a");
    assertThat(informer.relist()).containsExactly("blog", "shop");
    assertThat(informer.containersOf("shop")).isEmpty();
    assertThat(informer.stacks()).containsExactly("blog");

    // Once dropped, it is not named again.
    assertThat(informer.relist()).containsExactly("blog");
  }

  @Test
  void aRemovalIsAppliedWithoutAnInspectWhileOtherEventsOfTheStackAreLeftToTheResync() {
    engine.put(container("a", "other", State.RUNNING, Health.NONE));
    engine.put(container("b", "other", State.RUNNING, Health.NONE));
    informer.relist();
    engine.inspects.set(0);

    engine.put(container("a", "other", State.EXITED, Health.NONE));
    assertThat(informer.applyRemoval(event("a", "other", "die"))).isEmpty();
    assertThat(informer.containersOf("other")).extracting(ObservedContainer::state)
        .containsExactly(State.RUNNING, State.RUNNING);

    engine.containers.remove("a");
    assertThat(informer.applyRemoval(event("a", "other", "destroy"))).contains("other");
    assertThat(informer.containersOf("other")).extracting(ObservedContainer::id).containsExactly("b");
    assertThat(engine.inspects).hasValue(0);
  }

  private static Map<String, String> labels(String stack) {
    return Map.of(Labels.MANAGED, "true", Labels.STACK, stack, Labels.SERVICE, "web", Labels.SLOT, "1");
  }

  /** With the container's name, as the engine's container events carry it. */
  private static EngineEvent named(EngineEvent e) {
    Map<String, String> attributes = new java.util.HashMap<>(e.attributes());
    attributes.put("name", e.attributes().get(Labels.STACK) + "-web-1");
    return new EngineEvent(e.type(), e.action(), e.id(), attributes, e.time());
  }

  private static EngineEvent event(String id, String stack, String action) {
    return new EngineEvent("container", action, id, labels(stack), T0);
  }

  private static ObservedContainer container(String id, String stack, State state, Health health) {
    return new ObservedContainer(id, stack + "-web-1", "busybox", labels(stack), state, health,
        state == State.EXITED ? 1 : null, false, T0.minusSeconds(60), state == State.EXITED ? T0 : null, null);
  }

  /** Holds containers in a map and counts inspects: what the informer costs the engine. */
  private static final class Engine implements EngineView {
    final Map<String, ObservedContainer> containers = new ConcurrentHashMap<>();
    final AtomicInteger inspects = new AtomicInteger();

    void put(ObservedContainer c) {
      containers.put(c.id(), c);
    }

    @Override
    public List<ObservedContainer> listContainers(Map<String, String> labels) {
      return containers.values().stream()
          .filter(c -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(c.labels().get(l.getKey()))))
          .toList();
    }

    @Override
    public Optional<ObservedContainer> inspectContainer(String idOrName) {
      inspects.incrementAndGet();
      return Optional.ofNullable(containers.get(idOrName));
    }

    @Override
    public List<ObservedNetwork> listNetworks(Map<String, String> labels) {
      return List.of();
    }

    @Override
    public Optional<ObservedNetwork> inspectNetwork(String idOrName) {
      return Optional.empty();
    }

    @Override
    public List<ObservedVolume> listVolumes(Map<String, String> labels) {
      return List.of();
    }

    @Override
    public Optional<ObservedVolume> inspectVolume(String name) {
      return Optional.empty();
    }

    @Override
    public boolean imageExists(String image) {
      return true;
    }

    @Override
    public EngineInfo info() {
      return new EngineInfo(null, null, null, null);
    }

    @Override
    public void ping() {}

    @Override
    public Closeable watchEvents(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
      return () -> { };
    }
  }
}
