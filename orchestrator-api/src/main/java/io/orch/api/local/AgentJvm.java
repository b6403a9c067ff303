package io.orch.api.local;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/**
 * How the agent's JVM is started, in one place for `orch up` (AgentLauncher), the tests (AgentProcess) and, by hand,
 * {@code ./orch} and {@code examples/systemd/orch-agent.service}. After an OutOfMemoryError some of the agent's
 * threads are dead (reconcile loop, timers, Netty) while the process lives on, answering nothing: exiting instead
 * lets a supervisor restart it, and the new agent adopts the running containers.
 */
public final class AgentJvm {
  /**
   * JVM options of every agent process. The heap cap keeps the agent's memory bounded under hostile load (without
   * it the JVM sizes its heap from the machine's RAM: 300 alias bombs took the agent from 130 MB to 565 MB RSS here,
   * 244 MB with the cap) and makes a real leak end in an exit and a restart instead of the machine swapping.
   * The serial collector, with a small initial heap that grows and shrinks with the live set (free ratios 10-30 %):
   * G1's own structures were ~39 MB of the agent's ~190 MB at 200 replicas, and G1 keeps the heap it once grew to;
   * the agent's heap is small and its pauses are short on the 1-2 cores it shares with the workload
   * (bench/footprint.sh, bench/RESULTS.md "Footprint and scale"). Only the quick JIT (C1): C2's compiler threads,
   * arenas and code cache were ~35 MB of an idle agent's RSS (130 -> 96 MiB), and the agent's hot code is a few
   * milliseconds of CPU per pass, where C2's better code buys nothing worth the memory.
   */
  public static final List<String> OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError", "-Xmx256m", "-XX:+UseSerialGC",
      "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1");

  /** The environment variable whose words are appended after {@link #OPTIONS} (so they win where they conflict). */
  public static final String OVERRIDE_ENV = "ORCH_AGENT_JAVA_OPTS";

  private AgentJvm() {}

  /** {@link #OPTIONS}, then the words of {@code $ORCH_AGENT_JAVA_OPTS} (split on white space), if set. */
  public static List<String> options() {
    return options(System.getenv(OVERRIDE_ENV));
  }

  static List<String> options(String override) {
    List<String> all = new ArrayList<>(OPTIONS);
    if (override != null && !override.isBlank()) {
      all.addAll(Arrays.asList(override.trim().split("\\s+")));
    }
    return List.copyOf(all);
  }

  /** A warning when this JVM would keep running after an OutOfMemoryError (an agent started by hand, say). */
  public static void warnIfOutOfMemoryDoesNotExit(Logger log) {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      boolean exits = "true".equals(hotspot.getVMOption("ExitOnOutOfMemoryError").getValue())
          || "true".equals(hotspot.getVMOption("CrashOnOutOfMemoryError").getValue());
      if (!exits) {
        log.warn("this JVM keeps running after an OutOfMemoryError, with some of the agent's threads dead; start the"
            + " agent with java {} -jar orch-agent.jar agent (see examples/systemd/orch-agent.service)",
            String.join(" ", OPTIONS));
      }
    } catch (RuntimeException e) {
      // Not a HotSpot JVM: nothing to check, nothing to say.
    }
  }
}
