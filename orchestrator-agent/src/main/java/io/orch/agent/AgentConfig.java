package io.orch.agent;

import io.orch.api.local.LocalAgent;
import io.orch.api.server.HttpLimits;
import io.orch.core.model.ReplicaLimit;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent runs: where it keeps state, where the API listens, how often it resyncs, the most replicas a stack
 * file or a scale request may ask for, the API's connection limits (timeouts and the connection cap), and how often
 * autoscaled services are measured ({@code autoscaleEvery}, the HPA's sync period).
 */
public record AgentConfig(Path stateDir, String host, int port, Duration resyncEvery, ReplicaLimit replicaLimit,
    HttpLimits httpLimits, Duration autoscaleEvery) {
  public static final String DEFAULT_HOST = LocalAgent.DEFAULT_HOST;
  public static final int DEFAULT_PORT = LocalAgent.DEFAULT_PORT;

  /** Measuring autoscaled services at the HPA's default period. */
  public AgentConfig(Path stateDir, String host, int port, Duration resyncEvery, ReplicaLimit replicaLimit,
      HttpLimits httpLimits) {
    this(stateDir, host, port, resyncEvery, replicaLimit, httpLimits,
        io.orch.agent.autoscale.AutoscaleSampler.DEFAULT_PERIOD);
  }

  public AgentConfig(Path stateDir, String host, int port, Duration resyncEvery) {
    this(stateDir, host, port, resyncEvery, ReplicaLimit.DEFAULT, HttpLimits.DEFAULTS);
  }

  /** {@code $ORCH_STATE_DIR}, else {@code ~/.orch}. */
  public static Path defaultStateDir() {
    return LocalAgent.defaultStateDir();
  }
}
