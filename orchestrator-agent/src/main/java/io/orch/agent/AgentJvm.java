package io.orch.agent;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
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
   */
  public static final List<String> OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError", "-Xmx256m");

  private AgentJvm() {}

  /** A warning when this JVM would keep running after an OutOfMemoryError (an agent started by hand, say). */
  static void warnIfOutOfMemoryDoesNotExit(Logger log) {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      boolean exits = "true".equals(hotspot.getVMOption("ExitOnOutOfMemoryError").getValue())
          || "true".equals(hotspot.getVMOption("CrashOnOutOfMemoryError").getValue());
      if (!exits) {
        log.warn("this JVM keeps running after an OutOfMemoryError, with some of the agent's threads dead; start the"
            + " agent with java {} -jar orch.jar agent (see examples/systemd/orch-agent.service)",
            String.join(" ", OPTIONS));
      }
    } catch (RuntimeException e) {
      // Not a HotSpot JVM: nothing to check, nothing to say.
    }
  }
}
