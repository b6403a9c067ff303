package io.orch.agent.testing;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ContainerUsage;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineInfo;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.engine.StandingFailure;
import io.orch.core.engine.VolumeCreate;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NameRule;
import io.orch.core.model.PortSpec;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An in-memory {@link Engine} that passes the same {@code EngineContractTest} as {@code DockerEngine}, for unit and
 * golden tests without Docker. Thread-safe: one lock guards all state.
 *
 * <p>What it models, as the Docker Engine 20.10 does it:
 * <ul>
 *   <li>Containers: create (name, image, labels, command, env, mounts, ports, networks, health check kept as given;
 *       {@link #spec} returns the spec), start, stop with grace, force remove, inspect by id, name or unique id
 *       prefix, list by labels. What the "process" does is {@link FakeProgram}'s model, driven by the command:
 *       {@code sh -c 'exit K'} exits K right after start, {@code sleep 300} and other commands run until stopped and
 *       ignore SIGTERM (exit 137 after the grace) unless they {@code trap 'exit K' TERM}. Stops take no time.
 *   <li>Health: a container with a health check is {@code STARTING} after start. A check the model understands
 *       ({@code true}, {@code exit 1}) settles on the engine's clock: healthy one interval after start, unhealthy
 *       after {@code retries} failed probes outside the start period. A check that runs {@code curl} (not in busybox)
 *       fails each probe as the engine reports it: exit 127 and "not found" for {@code CMD-SHELL}, -1 and
 *       "executable file not found" for {@code CMD}. It is evaluated at every engine call and at
 *       {@link #tick()}, so with a fixed clock nothing happens until the test moves the clock. Any check can be set
 *       with {@link #setHealth}, after which the model leaves that container alone until its next start. A stopped
 *       container with a check reports the health it had when it stopped, as {@code DockerEngine} reads it (the
 *       engine's own status turns "unhealthy" for every stopped container).
 *   <li>Events: the container actions create, start, kill (signal), die (exitCode), stop, oom, destroy,
 *       {@code health_status: healthy|unhealthy}, each with the container's labels, name and image; network
 *       create/destroy/connect/disconnect and volume create/destroy/mount/unmount with the engine's attributes.
 *       Health-check exec events are not emitted. Sinks are called on the thread whose call (or test hook) caused
 *       the event, in engine order, after the engine's lock is released, before that call returns.
 *   <li>Failures, typed as {@code DockerEngine} types them: a taken container or network name is a Conflict; a
 *       missing container or image is NotFound (or an empty Optional for inspect; removes are idempotent), a
 *       missing network too, but at start, as engine 20.10 resolves networks only then;
 *       a bind source missing on this host, an invalid name, removing a network with running containers, and a
 *       pull of an image not in the fake registry are Rejected; a volume in use is a Conflict; a host port taken by
 *       another running container fails the start as Unavailable; {@link #down()} makes every call Unavailable.
 * </ul>
 *
 * <p>Test hooks: {@link #addImage}, {@link #addRegistryImage}, {@link #crash}, {@link #kill}, {@link #oomKill},
 * {@link #setHealth}, {@link #down()}/{@link #up()}, {@link #failNext}, {@link #calls()}, {@link #afterCall},
 * {@link #log}, {@link #emit}, {@link #tick()}.
 */
public final class FakeEngine implements Engine {

  /** The engine operations, named as {@code DockerEngine} reports them to its call listener. */
  public enum Op {
    CONTAINER_CREATE("container.create"), CONTAINER_START("container.start"), CONTAINER_STOP("container.stop"),
    CONTAINER_REMOVE("container.remove"), CONTAINER_LIST("container.list"), CONTAINER_INSPECT("container.inspect"),
    NETWORK_CREATE("network.create"), NETWORK_REMOVE("network.remove"), NETWORK_LIST("network.list"),
    NETWORK_INSPECT("network.inspect"), VOLUME_CREATE("volume.create"), VOLUME_REMOVE("volume.remove"),
    VOLUME_LIST("volume.list"), VOLUME_INSPECT("volume.inspect"), IMAGE_PULL("image.pull"),
    IMAGE_INSPECT("image.inspect"), VERSION("version"), PING("ping"), EVENTS("events"), LOGS("logs"),
    CONTAINER_STATS("container.stats");

    private final String operation;

    Op(String operation) {
      this.operation = operation;
    }

    /** The name {@code DockerEngine} gives this operation ("container.create"). */
    public String operation() {
      return operation;
    }
  }

  /** One call of the {@link Engine} interface: the operation and its argument (id, name, image; null for lists). */
  public record Call(Op op, String target) {}

  /** The engine's identity as {@link #info()} reports it. */
  public static final EngineInfo INFO = new EngineInfo("20.10.24-fake", "1.41", "linux", "amd64");

  private static final Set<String> PREDEFINED_NETWORKS = Set.of("bridge", "host", "none");

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  // everything below is guarded by lock
  private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
  private final Map<String, FakeNetwork> networks = new LinkedHashMap<>();
  private final Map<String, FakeVolume> volumes = new LinkedHashMap<>();
  private final Set<String> images = new LinkedHashSet<>();
  private final Set<String> registry = new LinkedHashSet<>();
  private final Map<Op, Deque<RuntimeException>> failures = new EnumMap<>(Op.class);
  private final List<Watch> watches = new ArrayList<>();
  private final List<LogFollower> followers = new ArrayList<>();
  private final List<LogFollower> endedFollowers = new ArrayList<>();
  private boolean down;
  private long sequence;

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Consumer<Call>> afterCall = new CopyOnWriteArrayList<>();

  public FakeEngine(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    for (String predefined : List.of("bridge", "host", "none")) {
      String id = newId("network");
      networks.put(id, new FakeNetwork(id, predefined, predefined.equals("bridge") ? "bridge" : predefined,
          Map.of()));
    }
  }

  public FakeEngine() {
    this(Clock.systemUTC());
  }

  // ================================================================ test hooks

  /** Makes images present locally, as if pulled or built ("busybox" and "busybox:latest" are the same image). */
  /** A network made outside orch (by hand, by Compose): no labels. */
  public FakeEngine addUnlabelledNetwork(String name) {
    String id = newId("network");
    networks.put(id, new FakeNetwork(id, name, "bridge", Map.of()));
    return this;
  }

  /** A volume made outside orch (by hand, by Compose): no labels. */
  public FakeEngine addUnlabelledVolume(String name) {
    volumes.put(name, new FakeVolume(name, "local", Map.of()));
    return this;
  }

  public FakeEngine addImage(String... refs) {
    locked(() -> {
      for (String ref : refs) {
        images.add(normalize(ref));
      }
    });
    return this;
  }

  /** Makes images pullable: {@link #pullImage} of one of these succeeds, of anything else is Rejected. */
  public FakeEngine addRegistryImage(String... refs) {
    locked(() -> {
      for (String ref : refs) {
        registry.add(normalize(ref));
      }
    });
    return this;
  }

  /** Removes a local image (as {@code docker rmi} would), e.g. to make the next pass pull it. */
  public void removeImage(String ref) {
    locked(() -> images.remove(normalize(ref)));
  }

  /** The running container's process exits on its own with {@code exitCode} (a crash): die, no kill event. */
  public void crash(String idOrName, int exitCode) {
    locked(() -> {
      FakeContainer c = runningContainer(idOrName);
      exit(c, exitCode, false, clock.instant());
    });
  }

  /** {@code docker kill}: SIGKILL from outside; kill (signal 9) and die (137) events. */
  public void kill(String idOrName) {
    locked(() -> {
      FakeContainer c = runningContainer(idOrName);
      Instant now = clock.instant();
      containerEvent(c, "kill", Map.of("signal", "9"), now);
      exit(c, 137, false, now);
    });
  }

  /** The kernel's OOM killer: oom and die (137) events, {@code oomKilled} set. */
  public void oomKill(String idOrName) {
    locked(() -> {
      FakeContainer c = runningContainer(idOrName);
      Instant now = clock.instant();
      containerEvent(c, "oom", Map.of(), now);
      exit(c, 137, true, now);
    });
  }

  /**
   * Sets the health of a running container that has a health check, emitting {@code health_status: ...} when it
   * changes, as the engine does. From then on the model leaves this container's health to the test until it starts
   * again.
   */
  public void setHealth(String idOrName, ObservedContainer.Health health) {
    if (health != ObservedContainer.Health.HEALTHY && health != ObservedContainer.Health.UNHEALTHY) {
      throw new IllegalArgumentException("a health check reports HEALTHY or UNHEALTHY, not " + health);
    }
    locked(() -> {
      FakeContainer c = runningContainer(idOrName);
      if (c.healthModel == null) {
        throw new IllegalStateException(c.name + " has no health check");
      }
      c.healthManual = true;
      changeHealth(c, health, clock.instant());
    });
  }

  /**
   * From now on the running container keeps {@code cpus} CPUs busy (0.5 is half a CPU); its CPU time, as
   * {@link #usage} reports it, grows at that rate on the engine's clock.
   */
  public void setCpuLoad(String idOrName, double cpus) {
    locked(() -> {
      FakeContainer c = runningContainer(idOrName);
      Instant now = clock.instant();
      c.cpuNanos = c.cpuAt(now);
      c.cpuAccountedAt = now;
      c.cpuLoad = cpus;
    });
  }

  /** The memory the running container uses from now on, as {@link #usage} reports it (default 1 MiB). */
  public void setMemory(String idOrName, long bytes) {
    locked(() -> {
      runningContainer(idOrName).memoryBytes = bytes;
    });
  }

  /** The engine stops answering: every call throws Unavailable and every event stream ends with Unavailable. */
  public void down() {
    List<Watch> ended = new ArrayList<>();
    List<LogFollower> endedLogs = new ArrayList<>();
    locked(() -> {
      down = true;
      ended.addAll(watches);
      watches.clear();
      endedLogs.addAll(followers);
      followers.clear();
    });
    EngineException gone = unavailable(Op.EVENTS);
    for (Watch w : ended) {
      w.end(gone);
    }
    for (LogFollower f : endedLogs) {
      f.end(unavailable(Op.LOGS));
    }
  }

  /** The engine answers again, with the objects it had; event streams must be watched anew. */
  public void up() {
    locked(() -> down = false);
  }

  public boolean isDown() {
    return locked(() -> down);
  }

  /** The next call of {@code op} throws {@code failure} and does nothing else; several queue up in order. */
  public void failNext(Op op, RuntimeException failure) {
    Objects.requireNonNull(failure, "failure");
    locked(() -> failures.computeIfAbsent(op, o -> new ArrayDeque<>()).add(failure));
  }

  /** Every call of the {@link Engine} interface so far, in order (failed ones too); test hooks are not calls. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one operation, in order. */
  public List<Call> calls(Op op) {
    return calls.stream().filter(c -> c.op() == op).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  /** Runs {@code listener} after each successful engine call, on the caller's thread, outside the engine's lock. */
  public void afterCall(Consumer<Call> listener) {
    afterCall.add(listener);
  }

  /** The spec a container was created with (what the process would see: env, mounts, ports...). */
  public Optional<ContainerSpec> spec(String idOrName) {
    return locked(() -> Optional.ofNullable(find(idOrName)).map(c -> c.spec));
  }

  /** The container writes a line to stdout ({@code stderr} false) or stderr, stamped with the clock. */
  public void log(String idOrName, boolean stderr, String text) {
    List<LogFollower> to = new ArrayList<>();
    LogLine line = locked(() -> {
      FakeContainer c = existing(idOrName);
      LogLine l = new LogLine(stderr, clock.instant(), text);
      c.logs.add(l);
      followers.stream().filter(f -> f.containerId.equals(c.id)).forEach(to::add);
      return l;
    });
    to.forEach(f -> f.line(line));
  }

  /** Sends an arbitrary event to every watcher, e.g. one the model never produces. */
  public void emit(EngineEvent event) {
    locked(() -> queue(event));
  }

  /** Applies what the clock says is due (health checks settling) without an engine call, delivering its events. */
  public void tick() {
    locked(() -> settle(clock.instant()));
  }

  // ================================================================ containers

  @Override
  public String createContainer(ContainerSpec spec) {
    return call(Op.CONTAINER_CREATE, spec.name(), now -> {
      String name = spec.name() == null ? "fake_" + (sequence + 1) : spec.name();
      if (!name.matches("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
        throw new EngineException.Rejected("container.create: Invalid container name (" + name
            + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", null);
      }
      for (FakeContainer other : containers.values()) {
        if (other.name.equals(name)) {
          throw new EngineException.Conflict("container.create: Conflict. The container name \"/" + name
              + "\" is already in use by container \"" + other.id
              + "\". You have to remove (or rename) that container to be able to reuse that name.", null);
        }
      }
      if (!images.contains(normalize(spec.image()))) {
        throw new EngineException.NotFound("container.create: No such image: " + spec.image(), null);
      }
      for (MountSpec m : mountsWithBoundFiles(spec)) {
        if (m.type() == MountSpec.Type.BIND && (m.source() == null || !Files.exists(Path.of(m.source())))) {
          throw new EngineException.Rejected("container.create: invalid mount config for type \"bind\": "
              + "bind source path does not exist: " + m.source(), null);
        }
      }
      // Networks are resolved at start, as engine 20.10 does: a missing one fails the start, not the create.
      if (spec.networkMode() != null && spec.networkMode().startsWith("container:")
          && find(spec.networkMode().substring("container:".length())) == null) {
        throw new EngineException.NotFound("container.create: No such container: "
            + spec.networkMode().substring("container:".length()), null);
      }
      String id = newId("container");
      FakeContainer c = new FakeContainer(id, name, spec);
      for (MountSpec m : spec.mounts()) {
        if (m.type() != MountSpec.Type.VOLUME) {
          continue;
        }
        String volume = m.source() == null ? newId("volume") : m.source();
        if (!volumes.containsKey(volume)) {
          // The engine creates a missing named volume on first use, without labels; an anonymous one is the
          // container's own and goes with it.
          addVolume(new FakeVolume(volume, "local", Map.of()), now);
          if (m.source() == null) {
            c.anonymousVolumes.add(volume);
          }
        }
      }
      containers.put(id, c);
      containerEvent(c, "create", Map.of(), now);
      return id;
    });
  }

  @Override
  public void startContainer(String id) {
    call(Op.CONTAINER_START, id, now -> {
      FakeContainer c = existingForCall(Op.CONTAINER_START, id);
      if (c.running()) {
        return null; // 304: already running
      }
      for (String network : c.networkNames()) {
        if (findNetwork(network) == null) {
          c.error = "network " + network + " not found";
          c.exitCode = 128;
          throw new EngineException.NotFound("container.start: " + c.error, null);
        }
      }
      String taken = takenHostPort(c);
      if (taken != null) {
        c.error = "driver failed programming external connectivity on endpoint " + c.name + " (" + c.id
            + "): Bind for " + taken + " failed: port is already allocated";
        c.exitCode = 128;
        throw new EngineException.Unavailable("container.start: " + c.error, null,
            StandingFailure.Kind.HOST_PORT_TAKEN);
      }
      for (String network : c.networkNames()) {
        FakeNetwork n = findNetwork(network);
        queue(new EngineEvent("network", "connect", n.id,
            Map.of("container", c.id, "name", n.name, "type", n.driver), now));
      }
      for (MountSpec m : c.spec.mounts()) {
        if (m.type() == MountSpec.Type.VOLUME) {
          String volume = m.source() != null ? m.source() : c.anonymousVolumes.get(0);
          queue(new EngineEvent("volume", "mount", volume, Map.of("container", c.id, "destination", m.target(),
              "driver", "local", "propagation", "", "read/write", String.valueOf(!m.readOnly())), now));
        }
      }
      c.state = ObservedContainer.State.RUNNING;
      c.startedAt = now;
      c.cpuAccountedAt = now;
      c.exitCode = 0;
      c.oomKilled = false;
      c.error = null;
      c.healthManual = false;
      c.health = c.healthModel == null ? ObservedContainer.Health.NONE : ObservedContainer.Health.STARTING;
      containerEvent(c, "start", Map.of(), now);
      switch (c.program.kind()) {
        case EXITS -> exit(c, c.program.exitCode(), false, now);
        case OOM -> {
          containerEvent(c, "oom", Map.of(), now);
          exit(c, 137, true, now);
        }
        case RUNS_UNTIL_STOPPED -> {
          // until stopped, killed or crashed
        }
      }
      return null;
    });
  }

  /** A null {@code grace} uses the container's stop_grace_period (the engine's 10s when unset); stops are instant. */
  @Override
  public void stopContainer(String id, Duration grace) {
    call(Op.CONTAINER_STOP, id, now -> {
      FakeContainer c = existingForCall(Op.CONTAINER_STOP, id);
      if (!c.running()) {
        return null; // 304: not running
      }
      int signal = FakeProgram.signalNumber(c.spec.stopSignal());
      containerEvent(c, "kill", Map.of("signal", String.valueOf(signal)), now);
      if (!c.program.handles(signal)) {
        containerEvent(c, "kill", Map.of("signal", "9"), now);
      }
      exit(c, c.program.exitOnStop(signal), false, now);
      containerEvent(c, "stop", Map.of(), now);
      return null;
    });
  }

  @Override
  public void removeContainer(String id) {
    call(Op.CONTAINER_REMOVE, id, now -> {
      guard(Op.CONTAINER_REMOVE, id);
      FakeContainer c = find(id);
      if (c == null) {
        return null; // already gone: what the caller wanted
      }
      if (c.running()) {
        containerEvent(c, "kill", Map.of("signal", "9"), now);
        exit(c, 137, false, now);
      }
      containers.remove(c.id);
      containerEvent(c, "destroy", Map.of(), now);
      for (String anonymous : c.anonymousVolumes) {
        if (volumes.remove(anonymous) != null) {
          queue(new EngineEvent("volume", "destroy", anonymous, Map.of("driver", "local"), now));
        }
      }
      return null;
    });
  }

  @Override
  public List<ObservedContainer> listContainers(Map<String, String> labels) {
    return call(Op.CONTAINER_LIST, null, now -> containers.values().stream()
        .filter(c -> hasLabels(c.spec.labels(), labels))
        .map(FakeContainer::observe)
        .toList());
  }

  @Override
  public Optional<ObservedContainer> inspectContainer(String idOrName) {
    return call(Op.CONTAINER_INSPECT, idOrName, now -> {
      guard(Op.CONTAINER_INSPECT, idOrName);
      return Optional.ofNullable(find(idOrName)).map(FakeContainer::observe);
    });
  }

  // ================================================================ networks and volumes

  @Override
  public String createNetwork(NetworkCreate spec) {
    return call(Op.NETWORK_CREATE, spec.name(), now -> {
      if (networks.values().stream().anyMatch(n -> n.name.equals(spec.name()))) {
        throw new EngineException.Conflict(
            "network.create: network with name " + spec.name() + " already exists", null);
      }
      String id = newId("network");
      FakeNetwork n = new FakeNetwork(id, spec.name(), spec.driver() == null ? "bridge" : spec.driver(),
          spec.labels());
      networks.put(id, n);
      queue(new EngineEvent("network", "create", id, Map.of("name", n.name, "type", n.driver), now));
      return id;
    });
  }

  @Override
  public void removeNetwork(String idOrName) {
    call(Op.NETWORK_REMOVE, idOrName, now -> {
      guard(Op.NETWORK_REMOVE, idOrName);
      FakeNetwork n = findNetwork(idOrName);
      if (n == null) {
        return null;
      }
      if (PREDEFINED_NETWORKS.contains(n.name)) {
        throw new EngineException.Rejected(
            "network.remove: " + n.name + " is a pre-defined network and cannot be removed", null);
      }
      // Endpoints exist while a container runs; a created or stopped one does not hold the network.
      boolean inUse = containers.values().stream()
          .anyMatch(c -> c.running() && c.networkNames().stream().anyMatch(x -> n == findNetwork(x)));
      if (inUse) {
        throw new EngineException.Rejected("network.remove: error while removing network: network " + n.name
            + " id " + n.id + " has active endpoints", null);
      }
      networks.remove(n.id);
      queue(new EngineEvent("network", "destroy", n.id, Map.of("name", n.name, "type", n.driver), now));
      return null;
    });
  }

  @Override
  public List<ObservedNetwork> listNetworks(Map<String, String> labels) {
    return call(Op.NETWORK_LIST, null, now -> networks.values().stream()
        .filter(n -> hasLabels(n.labels, labels))
        .map(FakeNetwork::observe)
        .toList());
  }

  @Override
  public Optional<ObservedNetwork> inspectNetwork(String idOrName) {
    return call(Op.NETWORK_INSPECT, idOrName, now -> {
      guard(Op.NETWORK_INSPECT, idOrName);
      return Optional.ofNullable(findNetwork(idOrName)).map(FakeNetwork::observe);
    });
  }

  /** Creating an existing volume returns it, as the engine does. */
  @Override
  public void createVolume(VolumeCreate spec) {
    call(Op.VOLUME_CREATE, spec.name(), now -> {
      FakeVolume existing = volumes.get(spec.name());
      if (existing == null) {
        addVolume(new FakeVolume(spec.name(), spec.driver() == null ? "local" : spec.driver(), spec.labels()), now);
      } else if (!existing.labels().entrySet().containsAll(spec.labels().entrySet())) {
        throw new EngineException.Conflict("volume.create: a volume named " + spec.name()
            + " exists already without the labels asked for", null);
      }
      return null;
    });
  }

  @Override
  public void removeVolume(String name) {
    call(Op.VOLUME_REMOVE, name, now -> {
      guard(Op.VOLUME_REMOVE, name);
      FakeVolume v = volumes.get(name);
      if (v == null) {
        return null;
      }
      List<String> users = containers.values().stream().filter(c -> c.uses(name)).map(c -> c.id).toList();
      if (!users.isEmpty()) {
        throw new EngineException.Conflict("volume.remove: remove " + name + ": volume is in use - " + users, null);
      }
      volumes.remove(name);
      queue(new EngineEvent("volume", "destroy", name, Map.of("driver", v.driver), now));
      return null;
    });
  }

  @Override
  public List<ObservedVolume> listVolumes(Map<String, String> labels) {
    return call(Op.VOLUME_LIST, null, now -> volumes.values().stream()
        .filter(v -> hasLabels(v.labels, labels))
        .map(FakeVolume::observe)
        .toList());
  }

  @Override
  public Optional<ObservedVolume> inspectVolume(String name) {
    return call(Op.VOLUME_INSPECT, name, now -> {
      guard(Op.VOLUME_INSPECT, name);
      return Optional.ofNullable(volumes.get(name)).map(FakeVolume::observe);
    });
  }

  // ================================================================ images and engine

  @Override
  public void pullImage(String image) {
    call(Op.IMAGE_PULL, image, now -> {
      String ref = normalize(image);
      if (!registry.contains(ref)) {
        throw new EngineException.Rejected("image.pull: pull access denied for " + image
            + ", repository does not exist or may require 'docker login'", null,
            StandingFailure.Kind.IMAGE_UNAVAILABLE);
      }
      images.add(ref);
      return null;
    });
  }

  @Override
  public boolean imageExists(String image) {
    return call(Op.IMAGE_INSPECT, image, now -> images.contains(normalize(image)));
  }

  @Override
  public EngineInfo info() {
    return call(Op.VERSION, null, now -> INFO);
  }

  @Override
  public void ping() {
    call(Op.PING, null, now -> null);
  }

  /** CPU time at the {@link #setCpuLoad} rate and the {@link #setMemory} bytes; empty unless running. */
  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    return call(Op.CONTAINER_STATS, containerId, now -> {
      guard(Op.CONTAINER_STATS, containerId);
      FakeContainer c = find(containerId);
      if (c == null || !c.running()) {
        return Optional.<ContainerUsage>empty();
      }
      return Optional.of(new ContainerUsage(c.cpuAt(now), c.memoryBytes, now));
    });
  }

  // ================================================================ events and logs

  @Override
  public Closeable watchEvents(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(onEnd, "onEnd");
    return call(Op.EVENTS, null, now -> {
      Watch watch = new Watch(sink, onEnd);
      watches.add(watch);
      return (Closeable) () -> locked(() -> {
        watch.closed = true;
        watches.remove(watch);
      });
    });
  }

  /** Lines written with {@link #log}; a followed log ends when the container stops or goes away. */
  @Override
  public Closeable logs(String containerId, boolean follow, int tail, LogSink sink) {
    LogFollower follower = new LogFollower(sink);
    List<LogLine> backlog = call(Op.LOGS, containerId, now -> {
      FakeContainer c = existingForCall(Op.LOGS, containerId);
      follower.containerId = c.id;
      List<LogLine> all = c.logs;
      List<LogLine> lines = List.copyOf(tail < 0 || tail >= all.size() ? all : all.subList(all.size() - tail,
          all.size()));
      if (follow && c.running()) {
        followers.add(follower);
      } else if (follow) {
        endedFollowers.add(follower); // a stopped container's followed log ends after its lines
      }
      return lines;
    });
    follower.release(backlog); // the backlog first, then what was written meanwhile, then live lines
    if (!follow) {
      follower.end(null);
    }
    return () -> locked(() -> followers.remove(follower));
  }

  // ================================================================ the model

  private void exit(FakeContainer c, int exitCode, boolean oom, Instant now) {
    for (String network : c.networkNames()) {
      FakeNetwork n = findNetwork(network);
      if (n != null) {
        queue(new EngineEvent("network", "disconnect", n.id,
            Map.of("container", c.id, "name", n.name, "type", n.driver), now));
      }
    }
    for (MountSpec m : c.spec.mounts()) {
      if (m.type() == MountSpec.Type.VOLUME) {
        String volume = m.source() != null ? m.source() : c.anonymousVolumes.get(0);
        queue(new EngineEvent("volume", "unmount", volume, Map.of("container", c.id, "driver", "local"), now));
      }
    }
    c.cpuNanos = c.cpuAt(now); // CPU time stops counting with the process
    c.state = ObservedContainer.State.EXITED;
    c.exitCode = exitCode;
    c.oomKilled = oom;
    c.finishedAt = now;
    // c.health stays what the check was when the process stopped, as DockerEngine reads it from the failing streak
    containerEvent(c, "die", Map.of("exitCode", String.valueOf(exitCode)), now);
    List<LogFollower> ended = followers.stream().filter(f -> f.containerId.equals(c.id)).toList();
    followers.removeAll(ended);
    endedFollowers.addAll(ended);
  }

  /** Health checks the model understands settle once the clock passes their time. */
  private void settle(Instant now) {
    for (FakeContainer c : containers.values()) {
      FakeProgram.Health model = c.healthModel;
      if (!c.running() || model == null || model.passes() == null || c.healthManual
          || c.health != ObservedContainer.Health.STARTING) {
        continue;
      }
      Instant due = c.startedAt.plus(model.settlesAfter());
      if (!now.isBefore(due)) {
        changeHealth(c, model.passes() ? ObservedContainer.Health.HEALTHY : ObservedContainer.Health.UNHEALTHY,
            due);
      }
    }
  }

  private void changeHealth(FakeContainer c, ObservedContainer.Health health, Instant when) {
    if (c.health != health) {
      c.health = health;
      containerEvent(c, "health_status: " + health.name().toLowerCase(java.util.Locale.ROOT), Map.of(), when);
    }
  }

  private String takenHostPort(FakeContainer c) {
    for (PortSpec port : c.spec.ports()) {
      if (port.published() == null) {
        continue;
      }
      for (FakeContainer other : containers.values()) {
        if (other == c || !other.running()) {
          continue;
        }
        for (PortSpec o : other.spec.ports()) {
          boolean sameIp = port.hostIp() == null || o.hostIp() == null || port.hostIp().equals(o.hostIp());
          if (port.published().equals(o.published()) && port.protocol().equalsIgnoreCase(o.protocol()) && sameIp) {
            return (port.hostIp() == null ? "0.0.0.0" : port.hostIp()) + ":" + port.published();
          }
        }
      }
    }
    return null;
  }

  private void containerEvent(FakeContainer c, String action, Map<String, String> extra, Instant when) {
    Map<String, String> attributes = new HashMap<>(c.spec.labels());
    attributes.put("name", c.name);
    attributes.put("image", c.spec.image());
    attributes.putAll(extra);
    queue(new EngineEvent("container", action, c.id, attributes, when));
  }

  private void addVolume(FakeVolume v, Instant now) {
    volumes.put(v.name, v);
    queue(new EngineEvent("volume", "create", v.name, Map.of("driver", v.driver), now));
  }

  private void queue(EngineEvent event) {
    for (Watch w : watches) {
      w.pending.add(event);
    }
  }

  private static List<MountSpec> mountsWithBoundFiles(ContainerSpec spec) {
    List<MountSpec> all = new ArrayList<>(spec.mounts());
    spec.files().stream().filter(ContainerSpec.ContainerFile::bindMount)
        .forEach(f -> all.add(new MountSpec(MountSpec.Type.BIND, f.hostFile(), f.target(), true, null)));
    return all;
  }

  // ================================================================ lookup

  /** As the engine resolves a reference: full id, then exact name, then a unique id prefix. */
  private FakeContainer find(String idOrName) {
    if (idOrName == null || idOrName.isEmpty()) {
      return null;
    }
    FakeContainer byId = containers.get(idOrName);
    if (byId != null) {
      return byId;
    }
    String name = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
    for (FakeContainer c : containers.values()) {
      if (c.name.equals(name)) {
        return c;
      }
    }
    return uniquePrefix(containers.values().stream().filter(c -> c.id.startsWith(idOrName)).toList());
  }

  private FakeNetwork findNetwork(String idOrName) {
    if (idOrName == null || idOrName.isEmpty()) {
      return null;
    }
    FakeNetwork byId = networks.get(idOrName);
    if (byId != null) {
      return byId;
    }
    for (FakeNetwork n : networks.values()) {
      if (n.name.equals(idOrName)) {
        return n;
      }
    }
    return uniquePrefix(networks.values().stream().filter(n -> n.id.startsWith(idOrName)).toList());
  }

  private static <T> T uniquePrefix(List<T> matches) {
    return matches.size() == 1 ? matches.get(0) : null;
  }

  private FakeContainer existingForCall(Op op, String idOrName) {
    guard(op, idOrName);
    FakeContainer c = find(idOrName);
    if (c == null) {
      throw new EngineException.NotFound(op.operation() + ": No such container: " + idOrName, null);
    }
    return c;
  }

  private FakeContainer existing(String idOrName) {
    FakeContainer c = find(idOrName);
    if (c == null) {
      throw new IllegalArgumentException("FakeEngine has no container " + idOrName);
    }
    return c;
  }

  private FakeContainer runningContainer(String idOrName) {
    FakeContainer c = existing(idOrName);
    if (!c.running()) {
      throw new IllegalStateException(c.name + " is not running but " + c.state);
    }
    return c;
  }

  /** What {@code DockerEngine}'s EnginePath refuses before sending a request. */
  private static void guard(Op op, String idOrName) {
    if (!NameRule.ENGINE_NAME.accepts(idOrName)) {
      throw new EngineException.Rejected(op.operation() + ": refusing to send \"" + idOrName
          + "\" to the engine: not an object name or id (" + NameRule.ENGINE_NAME.hint() + ")", null);
    }
  }

  private static boolean hasLabels(Map<String, String> have, Map<String, String> wanted) {
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }

  /** "busybox", "busybox:latest", "docker.io/library/busybox:latest" are one image. */
  static String normalize(String ref) {
    if (ref == null) {
      return null;
    }
    String r = ref.strip();
    if (r.startsWith("docker.io/")) {
      r = r.substring("docker.io/".length());
    }
    if (r.startsWith("library/")) {
      r = r.substring("library/".length());
    }
    int slash = r.lastIndexOf('/');
    boolean tagged = r.indexOf(':', slash + 1) >= 0 || r.contains("@");
    return tagged ? r : r + ":latest";
  }

  /** Deterministic per fake: the n-th object gets the same 64-hex id in every run. */
  private String newId(String kind) {
    sequence++;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((kind + ":" + sequence).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EngineException.Unavailable unavailable(Op op) {
    return new EngineException.Unavailable(op.operation()
        + ": Cannot connect to the Docker daemon at unix:///fake/docker.sock. Is the docker daemon running?", null);
  }

  // ================================================================ calls, locking, delivery

  @FunctionalInterface
  private interface Body<T> {
    T run(Instant now);
  }

  /** One engine call: recorded, refused when down or when a failure was injected, settled, then the body. */
  private <T> T call(Op op, String target, Body<T> body) {
    Call call = new Call(op, target);
    calls.add(call);
    T result = locked(() -> {
      if (down) {
        throw unavailable(op);
      }
      Deque<RuntimeException> injected = failures.get(op);
      if (injected != null && !injected.isEmpty()) {
        throw injected.poll();
      }
      Instant now = clock.instant();
      settle(now);
      return body.run(now);
    });
    for (Consumer<Call> listener : afterCall) {
      listener.accept(call);
    }
    return result;
  }

  private void locked(Runnable body) {
    locked(() -> {
      body.run();
      return null;
    });
  }

  /** Runs {@code body} under the lock, then delivers the events it queued (even when it failed). */
  private <T> T locked(Supplier<T> body) {
    lock.lock();
    List<Watch> toDeliver;
    List<LogFollower> toEnd;
    try {
      return body.get();
    } finally {
      toDeliver = List.copyOf(watches);
      toEnd = List.copyOf(endedFollowers);
      endedFollowers.clear();
      lock.unlock();
      if (!lock.isHeldByCurrentThread()) {
        toDeliver.forEach(Watch::deliver);
        toEnd.forEach(f -> f.end(null));
      }
    }
  }

  // ================================================================ state

  private final class FakeContainer {
    final String id;
    final String name;
    final ContainerSpec spec;
    final FakeProgram program;
    final FakeProgram.Health healthModel;
    final List<String> anonymousVolumes = new ArrayList<>();
    final List<LogLine> logs = new ArrayList<>();
    ObservedContainer.State state = ObservedContainer.State.CREATED;
    ObservedContainer.Health health = ObservedContainer.Health.NONE;
    boolean healthManual;
    Integer exitCode;
    boolean oomKilled;
    Instant startedAt;
    Instant finishedAt;
    String error;
    /** CPUs kept busy while running: 1 for a busy loop ({@link FakeProgram#busy}), else 0; {@link #setCpuLoad}. */
    double cpuLoad;
    /** CPU time used up to {@link #cpuAccountedAt}. */
    long cpuNanos;
    Instant cpuAccountedAt;
    long memoryBytes = 1 << 20;

    FakeContainer(String id, String name, ContainerSpec spec) {
      this.id = id;
      this.name = name;
      this.spec = spec;
      this.program = FakeProgram.of(spec);
      this.cpuLoad = FakeProgram.busy(FakeProgram.argv(spec)) ? 1.0 : 0.0;
      this.healthModel = FakeProgram.Health.of(spec.healthcheck());
    }

    boolean running() {
      return state == ObservedContainer.State.RUNNING;
    }

    List<String> networkNames() {
      return spec.networkMode() == null ? spec.networks().stream().map(ContainerSpec.NetworkAttachment::network)
          .toList() : List.of();
    }

    boolean uses(String volume) {
      return anonymousVolumes.contains(volume) || spec.mounts().stream()
          .anyMatch(m -> m.type() == MountSpec.Type.VOLUME && volume.equals(m.source()));
    }

    long cpuAt(Instant now) {
      if (!running() || cpuAccountedAt == null || !now.isAfter(cpuAccountedAt)) {
        return cpuNanos;
      }
      return cpuNanos + (long) (cpuLoad * java.time.Duration.between(cpuAccountedAt, now).toNanos());
    }

    /** As {@code ObservedMapping} reads an inspect: no exit code before the first start. */
    ObservedContainer observe() {
      // A check whose command the image lacks: what its newest probe printed, once one has run.
      boolean probed = healthModel != null && healthModel.probeExit() != null && running() && startedAt != null
          && !clock.instant().isBefore(startedAt.plus(healthModel.interval()));
      return new ObservedContainer(id, name, spec.image(), spec.labels(), state, health,
          startedAt == null ? null : exitCode, oomKilled, startedAt, finishedAt, error, addresses(),
          probed ? healthModel.probeOutput() : null, probed ? healthModel.probeExit() : null);
    }

    /** As the engine: an address on each network while running, 10.<network>.0.<container> made up from ids. */
    private Map<String, String> addresses() {
      if (state != ObservedContainer.State.RUNNING) {
        return Map.of();
      }
      Map<String, String> addresses = new java.util.TreeMap<>();
      int host = Math.floorMod(id.hashCode(), 250) + 2;
      for (String network : networkNames()) {
        addresses.put(network, "10." + Math.floorMod(network.hashCode(), 250) + ".0." + host);
      }
      return addresses;
    }
  }

  private record FakeNetwork(String id, String name, String driver, Map<String, String> labels) {
    ObservedNetwork observe() {
      return new ObservedNetwork(id, name, driver, labels);
    }
  }

  private record FakeVolume(String name, String driver, Map<String, String> labels) {
    ObservedVolume observe() {
      return new ObservedVolume(name, driver, labels);
    }
  }

  /** One event stream: events queue under the engine lock and reach the sink in order, outside it. */
  private static final class Watch {
    final Consumer<EngineEvent> sink;
    final Consumer<Throwable> onEnd;
    final ConcurrentLinkedQueue<EngineEvent> pending = new ConcurrentLinkedQueue<>();
    final ReentrantLock delivery = new ReentrantLock();
    volatile boolean closed;

    Watch(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
      this.sink = sink;
      this.onEnd = onEnd;
    }

    void deliver() {
      delivery.lock();
      try {
        EngineEvent e;
        while (!closed && (e = pending.poll()) != null) {
          try {
            sink.accept(e);
          } catch (RuntimeException sinkFailed) {
            // as the real stream: one bad consumer call does not end the stream
          }
        }
      } finally {
        delivery.unlock();
      }
    }

    void end(Throwable error) {
      deliver();
      closed = true;
      onEnd.accept(error);
    }
  }

  private static final class LogFollower {
    final LogSink sink;
    String containerId = "";
    private List<LogLine> held = new ArrayList<>();
    private boolean endHeld;
    private boolean ended;

    LogFollower(LogSink sink) {
      this.sink = sink;
    }

    synchronized void release(List<LogLine> backlog) {
      List<LogLine> meanwhile = held;
      held = null;
      backlog.forEach(sink::line);
      meanwhile.forEach(sink::line);
      if (endHeld) {
        end(null);
      }
    }

    synchronized void line(LogLine line) {
      if (held != null) {
        held.add(line);
      } else if (!ended) {
        sink.line(line);
      }
    }

    synchronized void end(Throwable error) {
      if (held != null && error == null) {
        endHeld = true;
      } else if (!ended) {
        ended = true;
        sink.end(error);
      }
    }
  }
}
