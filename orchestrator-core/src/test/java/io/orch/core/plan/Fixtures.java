package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedState;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builders for planner tests: a stack named "shop", observed containers carrying the labels orch would set. */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  public static final String STACK = "shop";
  public static final String IMAGE = "busybox:1.36";

  private Fixtures() {}

  public static ServiceSpec service(String name) {
    return ServiceSpec.of(name, IMAGE);
  }

  public static Stack stack(ServiceSpec... services) {
    Map<String, ServiceSpec> byName = new TreeMap<>();
    Arrays.stream(services).forEach(s -> byName.put(s.name(), s));
    return new Stack(STACK, byName, Map.of(), Map.of());
  }

  /** The engine holding these containers, the stack's default network and the test image. */
  public static ObservedState observedOf(ObservedContainer... containers) {
    return new ObservedState(List.of(containers), List.of(managedNetwork("shop_default")), List.of(),
        List.of(IMAGE));
  }

  public static ObservedNetwork managedNetwork(String name) {
    return new ObservedNetwork("net-" + name, name, "bridge", Map.of(Labels.MANAGED, "true", Labels.STACK, STACK));
  }

  public static ObservedVolume managedVolume(String name) {
    return new ObservedVolume(name, "local", Map.of(Labels.MANAGED, "true", Labels.STACK, STACK));
  }

  /** A container of {@code service} in {@code stack} as orch created it: running, current hash, up for an hour. */
  public static ContainerFixture container(Stack stack, String service, int slot) {
    return new ContainerFixture(EngineSpecs.forSlot(stack, stack.service(service), slot).labels(),
        Labels.containerName(stack.name(), service, slot));
  }

  /** Fluent builder of an {@link ObservedContainer}. */
  public static final class ContainerFixture {
    private final Map<String, String> labels;
    private String name;
    private State state = State.RUNNING;
    private Health health = Health.NONE;
    private Integer exitCode;
    private boolean oomKilled;
    private Instant startedAt = NOW.minus(Duration.ofHours(1));
    private Instant finishedAt;

    ContainerFixture(Map<String, String> labels, String name) {
      this.labels = new LinkedHashMap<>(labels);
      this.name = name;
    }

    public ContainerFixture named(String newName) {
      name = newName;
      return this;
    }

    public ContainerFixture label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public ContainerFixture state(State newState) {
      state = newState;
      return this;
    }

    public ContainerFixture health(Health newHealth) {
      health = newHealth;
      return this;
    }

    public ContainerFixture startedAt(Instant at) {
      startedAt = at;
      return this;
    }

    /** Exited with {@code code} after running from {@code started} to {@code finished}. */
    public ContainerFixture exited(int code, Instant started, Instant finished) {
      state = State.EXITED;
      exitCode = code;
      startedAt = started;
      finishedAt = finished;
      return this;
    }

    public ContainerFixture oomKilled() {
      oomKilled = true;
      return this;
    }

    public ObservedContainer build() {
      return new ObservedContainer("id-" + name, name, IMAGE, labels, state, health, exitCode, oomKilled, startedAt,
          finishedAt, null);
    }
  }

  public static ObservedState observed(ContainerFixture... fixtures) {
    List<ObservedContainer> containers = new ArrayList<>();
    Arrays.stream(fixtures).forEach(f -> containers.add(f.build()));
    return observedOf(containers.toArray(ObservedContainer[]::new));
  }
}
