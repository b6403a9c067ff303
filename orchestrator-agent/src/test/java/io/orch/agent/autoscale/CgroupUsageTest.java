package io.orch.agent.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.testing.FakeEngine;
import io.orch.agent.testing.FakeEngine.Op;
import io.orch.agent.testing.MutableClock;
import io.orch.core.engine.ContainerUsage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's usage from its cgroup files: fixture trees of a cgroup v1 host (cgroupfs driver, an empty v2 hierarchy
 * mounted beside it, as Docker 20.10 on this machine) and of a cgroup v2 host (systemd driver) under
 * {@code src/test/resources/cgroup/}, each with the {@code /proc/<pid>/cgroup} of the container's init process.
 */
class CgroupUsageTest {
  static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path temp;

  static Path fixture(String name) {
    try {
      return Path.of(CgroupUsageTest.class.getResource("/cgroup/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String procCgroup(Path tree, long pid) throws IOException {
    return Files.readString(tree.resolve("proc").resolve(Long.toString(pid)).resolve("cgroup"));
  }

  @Test
  void cgroupV1ReadsCpuacctUsageAndMemoryWithoutTheInactivePageCache() throws IOException {
    Path tree = fixture("v1");
    Optional<CgroupUsage> files = CgroupUsage.locate(procCgroup(tree, 4242), tree.resolve("sys/fs/cgroup"), ID);

    assertThat(files).isPresent();
    assertThat(files.get().v2()).isFalse();
    // cpuacct.usage is ns; memory.usage_in_bytes 10 MiB less total_inactive_file 2 MiB (what `docker stats` shows)
    assertThat(files.get().read(AT)).contains(new ContainerUsage(123_456_789_000L, 8 * 1024 * 1024, AT));
  }

  @Test
  void cgroupV2ReadsUsageUsecAndMemoryCurrentWithoutTheInactivePageCache() throws IOException {
    Path tree = fixture("v2");
    Optional<CgroupUsage> files = CgroupUsage.locate(procCgroup(tree, 4343), tree.resolve("sys/fs/cgroup"), ID);

    assertThat(files).isPresent();
    assertThat(files.get().v2()).isTrue();
    // usage_usec in µs -> ns; memory.current 20 MiB less inactive_file 8 MiB
    assertThat(files.get().read(AT)).contains(new ContainerUsage(98_765_432_000L, 12 * 1024 * 1024, AT));
  }

  @Test
  void aProcessWhoseCgroupDoesNotNameTheContainerIsNotMeasured() throws IOException {
    // A pid reused by another process after the container's init exited: not that container's files.
    Path tree = fixture("v1");
    assertThat(CgroupUsage.locate(procCgroup(tree, 4444), tree.resolve("sys/fs/cgroup"), ID)).isEmpty();
  }

  @Test
  void aPathThatClimbsOutOfTheMountIsNotRead() {
    // What another cgroup namespace shows for a process outside it.
    String outside = "11:memory:/../../" + ID + "\n4:cpu,cpuacct:/../../" + ID + "\n";
    assertThat(CgroupUsage.locate(outside, fixture("v1").resolve("sys/fs/cgroup"), ID)).isEmpty();
  }

  @Test
  void aHostWithoutTheFilesIsNotMeasured() throws IOException {
    Path tree = fixture("v2");
    assertThat(CgroupUsage.locate(procCgroup(tree, 4343), temp, ID)).isEmpty();
  }

  @Test
  void aStoppedContainerWhoseCgroupIsGoneReadsNothing() throws IOException {
    Path tree = copy(fixture("v2"));
    CgroupUsage files = CgroupUsage.locate(procCgroup(tree, 4343), tree.resolve("sys/fs/cgroup"), ID).orElseThrow();
    deleteTree(tree.resolve("sys/fs/cgroup/system.slice"));

    assertThat(files.read(AT)).isEmpty();
  }

  @Test
  void aReplicaWhoseCgroupTheAgentCanReadCostsNoEngineCallAfterItsPidIsKnown() {
    MutableClock clock = new MutableClock(AT);
    FakeEngine engine = new FakeEngine(clock);
    Path tree = fixture("v1");
    int[] pidLookups = {0};
    ReplicaUsage usage = new ReplicaUsage(engine, id -> {
      pidLookups[0]++;
      return OptionalLong.of(4242);
    }, tree.resolve("proc"), tree.resolve("sys/fs/cgroup"), clock);

    assertThat(usage.fromCgroup(ID)).isTrue();
    for (int period = 0; period < 3; period++) {
      assertThat(usage.read(ID)).contains(new ContainerUsage(123_456_789_000L, 8 * 1024 * 1024, AT));
    }
    assertThat(engine.calls(Op.CONTAINER_STATS)).as("no stats call").isEmpty();
    assertThat(pidLookups[0]).as("the cgroup is found once").isEqualTo(1);
  }

  @Test
  void aReplicaWhoseProcessTheAgentCannotSeeIsMeasuredThroughTheStatsApi() {
    MutableClock clock = new MutableClock(AT);
    FakeEngine engine = new FakeEngine(clock);
    Path tree = fixture("v1");
    // pid 9999 has no /proc entry here: the agent runs in another pid namespace (e.g. in a container).
    ReplicaUsage usage = new ReplicaUsage(engine, id -> OptionalLong.of(9999), tree.resolve("proc"),
        tree.resolve("sys/fs/cgroup"), clock);

    assertThat(usage.fromCgroup(ID)).isFalse();
    usage.read(ID);
    assertThat(engine.calls(Op.CONTAINER_STATS)).hasSize(1);
  }

  private Path copy(Path from) throws IOException {
    Path to = temp.resolve("tree");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
