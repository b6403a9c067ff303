package io.orch.agent.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.docker.DockerEngine;
import io.orch.agent.docker.EngineCallListener;
import io.orch.agent.docker.EngineContractTest;
import io.orch.agent.testing.TestImages;
import io.orch.core.engine.ContainerUsage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler's reading of real replicas: from their cgroup files when the agent runs on the engine's host (as
 * here), agreeing with the engine's stats API, and what each way costs the agent per replica per period (printed: a
 * measurement, not an assertion).
 */
class ReplicaUsageIT {
  private static final String TEST_LABEL = "io.orch.test";
  private static final int REPLICAS = 5;
  /** Cgroup reads are microseconds: many rounds (after a warm-up), for a figure above the CPU clock's resolution. */
  private static final int CGROUP_PERIODS = 2000;
  /** A one-shot stats call waits for the engine's next collection tick (about a second): a few rounds. */
  private static final int STATS_PERIODS = 4;
  private static DockerEngine engine;
  private static String image;
  private final String prefix = "orchit-usage-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void connect() {
    TestImages.requireEngine();
    image = TestImages.busybox();
    engine = DockerEngine.fromEnvironment(EngineCallListener.NOOP);
  }

  @AfterAll
  static void disconnect() throws IOException {
    if (engine != null) {
      engine.close();
    }
  }

  @AfterEach
  void removeWhatTheTestCreated() {
    TestImages.removeByLabel(TEST_LABEL, prefix);
  }

  @Test
  void replicasAreReadFromTheirCgroupFilesAsTheStatsApiReportsThemAndForAFractionOfItsCost() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/1/cgroup")),
        "this test runs on the engine's host");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      // A little CPU and a 4 MiB file in memory (tmpfs counts as the cgroup's memory), so both readings have values.
      String id = engine.createContainer(new EngineContractTest.SpecBuilder(prefix + "-" + i, image,
          List.of("sh", "-c", "head -c 4194304 /dev/zero > /dev/shm/ballast; i=0; while [ $i -lt 20000 ]; do"
              + " i=$((i+1)); done; sleep 100000"), Map.of(TEST_LABEL, prefix)).build());
      engine.startContainer(id);
      ids.add(id);
    }
    ReplicaUsage cgroups = new ReplicaUsage(engine, engine::initPid, Path.of("/proc"), Path.of("/sys/fs/cgroup"),
        Clock.systemUTC());
    for (String id : ids) {
      assertThat(cgroups.fromCgroup(id)).as("the cgroup of %s is found and readable", id).isTrue();
    }

    // Both ways, once each per replica per period. A cgroup read runs on the calling thread: its CPU clock (ns); a
    // stats call also works on the HTTP client's threads: the process's CPU time (all threads, 10 ms resolution).
    List<ContainerUsage> fromFiles = new ArrayList<>();
    for (int warmUp = 0; warmUp < 200; warmUp++) {
      ids.forEach(id -> cgroups.read(id).orElseThrow());
    }
    long cgroupCpu = threadCpuNanos();
    for (int period = 0; period < CGROUP_PERIODS; period++) {
      fromFiles.clear();
      ids.forEach(id -> fromFiles.add(cgroups.read(id).orElseThrow()));
    }
    cgroupCpu = threadCpuNanos() - cgroupCpu;
    long statsCpu = processCpuNanos();
    List<Optional<ContainerUsage>> fromStats = new ArrayList<>();
    for (int period = 0; period < STATS_PERIODS; period++) {
      fromStats.clear();
      ids.forEach(id -> fromStats.add(engine.usage(id)));
    }
    statsCpu = processCpuNanos() - statsCpu;

    System.out.printf("autoscale usage reading, agent CPU per replica per period: cgroup files %.4f ms"
        + " (%d replicas x %d periods), stats API %.2f ms (%d replicas x %d periods)%n",
        cgroupCpu / 1e6 / REPLICAS / CGROUP_PERIODS, REPLICAS, CGROUP_PERIODS,
        statsCpu / 1e6 / REPLICAS / STATS_PERIODS, REPLICAS, STATS_PERIODS);
    for (int i = 0; i < REPLICAS; i++) {
      ContainerUsage file = fromFiles.get(i);
      ContainerUsage stats = fromStats.get(i).orElseThrow();
      assertThat(file.cpuNanos()).as("CPU time used").isPositive();
      // The same counters, read at different moments: the CPU counter only grows, the memory is about the same.
      assertThat(stats.cpuNanos()).isGreaterThanOrEqualTo(file.cpuNanos() / 2);
      assertThat(file.memoryBytes()).as("the 4 MiB ballast in memory").isGreaterThan(4L * 1024 * 1024);
      assertThat(file.memoryBytes()).isBetween(stats.memoryBytes() / 2, stats.memoryBytes() * 2);
    }
  }

  private static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
