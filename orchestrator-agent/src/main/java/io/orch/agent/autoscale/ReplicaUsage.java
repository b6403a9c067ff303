package io.orch.agent.autoscale;

import io.orch.core.engine.ContainerUsage;
import io.orch.core.engine.EngineView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where the autoscaler reads a replica's usage: its cgroup files where this agent can read them (a few microseconds),
 * else the engine's stats API (one engine call, about 9 ms of agent CPU each). A replica's cgroup is found once, from
 * {@code /proc/<init pid>/cgroup}, and read every period after; an agent that cannot see the replica's process or its
 * cgroup mount (in a container of its own, or another cgroup layout) keeps using the stats API for it. Safe for
 * concurrent use.
 */
final class ReplicaUsage {
  private final EngineView engine;
  private final Function<String, OptionalLong> initPid;
  private final Path procRoot;
  private final Path cgroupRoot;
  private final Clock clock;
  /** Looked for again after this long when not found (the process may have exited just then): one inspect. */
  private static final Duration LOOK_AGAIN_AFTER = Duration.ofMinutes(5);

  /** Where a container's cgroup files are, or that they were not found at {@code at}. */
  private record Found(Optional<CgroupUsage> files, Instant at) {}

  /** Per container: its cgroup files, or empty when found unreadable (the stats API then). */
  private final Map<String, Found> located = new ConcurrentHashMap<>();

  /**
   * {@code initPid} gives a running container's init process id (an engine inspect, made once per container), empty
   * when it has none; {@code procRoot} and {@code cgroupRoot} are {@code /proc} and {@code /sys/fs/cgroup}.
   */
  ReplicaUsage(EngineView engine, Function<String, OptionalLong> initPid, Path procRoot, Path cgroupRoot,
      Clock clock) {
    this.engine = engine;
    this.initPid = initPid;
    this.procRoot = procRoot;
    this.cgroupRoot = cgroupRoot;
    this.clock = clock;
  }

  /** The stats API alone (engines whose processes this agent cannot see). */
  static ReplicaUsage statsOnly(EngineView engine, Clock clock) {
    return new ReplicaUsage(engine, id -> OptionalLong.empty(), null, null, clock);
  }

  /** True when the replica's usage is read from its cgroup files: no engine call, cheap enough to read inline. */
  boolean fromCgroup(String containerId) {
    return locate(containerId).isPresent();
  }

  /** One reading of a running replica; empty when it is missing or not running. */
  Optional<ContainerUsage> read(String containerId) {
    Optional<CgroupUsage> files = locate(containerId);
    if (files.isPresent()) {
      Optional<ContainerUsage> usage = files.get().read(clock.instant());
      if (usage.isPresent()) {
        return usage;
      }
      located.remove(containerId); // its cgroup went away (stopped or removed): found again once it runs
    }
    return engine.usage(containerId);
  }

  /** Forgets the replicas not in {@code containers} (removed). */
  void retain(Set<String> containers) {
    located.keySet().retainAll(containers);
  }

  private Optional<CgroupUsage> locate(String containerId) {
    if (procRoot == null) {
      return Optional.empty();
    }
    Found known = located.get(containerId);
    if (known != null && (known.files().isPresent()
        || Duration.between(known.at(), clock.instant()).compareTo(LOOK_AGAIN_AFTER) < 0)) {
      return known.files();
    }
    OptionalLong pid = initPid.apply(containerId);
    if (pid.isEmpty()) {
      return Optional.empty(); // not running now: nothing to remember
    }
    Optional<CgroupUsage> found;
    try {
      String cgroups = Files.readString(procRoot.resolve(Long.toString(pid.getAsLong())).resolve("cgroup"),
          StandardCharsets.US_ASCII);
      found = CgroupUsage.locate(cgroups, cgroupRoot, containerId);
    } catch (IOException | RuntimeException e) {
      found = Optional.empty(); // the process is not visible here (another pid namespace) or just exited
    }
    located.put(containerId, new Found(found, clock.instant()));
    return found;
  }
}
