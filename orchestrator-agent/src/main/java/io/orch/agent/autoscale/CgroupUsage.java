package io.orch.agent.autoscale;

import io.orch.core.engine.ContainerUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A container's CPU and memory use read from its cgroup's files, as the engine's stats API computes it but without
 * the engine: cgroup v1 {@code cpuacct.usage} (ns) and {@code memory.usage_in_bytes} less {@code total_inactive_file}
 * of {@code memory.stat}; cgroup v2 {@code cpu.stat}'s {@code usage_usec} and {@code memory.current} less
 * {@code inactive_file}. Where the cgroup is found: the lines of {@code /proc/<pid>/cgroup} of the container's init
 * process ({@code hierarchy:controllers:path}), under the cgroup mount ({@code /sys/fs/cgroup}). Pure over the two
 * roots it is given, so tests read fixture trees.
 */
record CgroupUsage(Path cpuFile, Path memoryFile, Path memoryStat, boolean v2) {

  /**
   * Where the cgroup of the process whose {@code /proc/<pid>/cgroup} reads {@code procCgroup} keeps its files under
   * {@code cgroupRoot}; empty when the files are not there or not readable (another cgroup namespace, a host that
   * mounts cgroups elsewhere), or when the path does not name {@code containerId} (the pid is no longer that
   * container's: a reused pid must not measure another process).
   */
  static Optional<CgroupUsage> locate(String procCgroup, Path cgroupRoot, String containerId) {
    String cpuPath = null;
    String cpuControllers = null;
    String memoryPath = null;
    String unifiedPath = null;
    for (String line : procCgroup.split("\n")) {
      String[] parts = line.strip().split(":", 3);
      if (parts.length != 3) {
        continue;
      }
      List<String> controllers = List.of(parts[1].split(","));
      if (parts[0].equals("0") && parts[1].isEmpty()) {
        unifiedPath = parts[2];
      } else if (controllers.contains("cpuacct")) {
        cpuPath = parts[2];
        cpuControllers = parts[1];
      } else if (controllers.contains("memory")) {
        memoryPath = parts[2];
      }
    }
    if (cpuPath != null && memoryPath != null) {
      // cgroup v1 (also on hosts that mount an empty v2 hierarchy beside it): a controller's mount is named by its
      // comma list ("cpu,cpuacct"), often with a link per controller ("cpuacct").
      String cpuIn = cpuPath;
      Optional<Path> cpu = under(cgroupRoot, cpuControllers, cpuIn, containerId, "cpuacct.usage")
          .or(() -> under(cgroupRoot, "cpuacct", cpuIn, containerId, "cpuacct.usage"));
      Optional<Path> memory = under(cgroupRoot, "memory", memoryPath, containerId, "memory.usage_in_bytes");
      if (cpu.isPresent() && memory.isPresent()) {
        return Optional.of(new CgroupUsage(cpu.get(), memory.get(), memory.get().resolveSibling("memory.stat"), false));
      }
      return Optional.empty();
    }
    if (unifiedPath != null) {
      Optional<Path> cpu = under(cgroupRoot, "", unifiedPath, containerId, "cpu.stat");
      Optional<Path> memory = under(cgroupRoot, "", unifiedPath, containerId, "memory.current");
      if (cpu.isPresent() && memory.isPresent()) {
        return Optional.of(new CgroupUsage(cpu.get(), memory.get(), memory.get().resolveSibling("memory.stat"), true));
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> under(Path root, String mount, String cgroupPath, String containerId, String file) {
    if (!cgroupPath.contains(containerId)) {
      return Optional.empty();
    }
    Path base = mount.isEmpty() ? root : root.resolve(mount);
    Path dir = base.resolve(cgroupPath.replaceFirst("^/+", "")).normalize();
    Path found = dir.resolve(file);
    // A path from another cgroup namespace can climb out ("/../.."): only a file under the mount is read.
    return dir.startsWith(base.normalize()) && Files.isReadable(found) ? Optional.of(found) : Optional.empty();
  }

  /**
   * One reading, stamped {@code at}; empty when the files are gone (the container stopped: its cgroup is removed).
   * Throws {@link IllegalStateException} for files that do not read as cgroup files.
   */
  Optional<ContainerUsage> read(Instant at) {
    try {
      long cpuNanos = v2 ? field(Files.readString(cpuFile, StandardCharsets.US_ASCII), "usage_usec") * 1000
          : number(Files.readString(cpuFile, StandardCharsets.US_ASCII));
      long usage = number(Files.readString(memoryFile, StandardCharsets.US_ASCII));
      String stat = Files.isReadable(memoryStat) ? Files.readString(memoryStat, StandardCharsets.US_ASCII) : "";
      long cache = Math.max(0, optionalField(stat, v2 ? "inactive_file" : "total_inactive_file"));
      long workingSet = cache < usage ? usage - cache : usage;
      return Optional.of(new ContainerUsage(Math.max(0, cpuNanos), Math.max(0, workingSet), at));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long number(String text) {
    String t = text.strip();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("not a cgroup counter: '" + t + "'", e);
    }
  }

  private static long field(String stat, String key) {
    long v = optionalField(stat, key);
    if (v < 0) {
      throw new IllegalStateException("no " + key + " in cgroup stat file");
    }
    return v;
  }

  /** The value of {@code key} in a flat-keyed stat file ("key value" lines); -1 when absent. */
  private static long optionalField(String stat, String key) {
    for (String line : stat.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.substring(0, space).equals(key)) {
        return number(line.substring(space + 1));
      }
    }
    return -1;
  }
}
