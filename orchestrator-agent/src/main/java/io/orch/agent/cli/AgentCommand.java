package io.orch.agent.cli;

import io.orch.agent.AgentConfig;
import io.orch.agent.AgentMain;
import io.orch.agent.TokenRefusedException;
import io.orch.core.model.ReplicaLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `orch agent`: runs the daemon in the foreground until SIGTERM; containers keep running after it stops. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run the orch agent (the daemon) in the foreground.")
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070",
      description = "Where the HTTP API listens (default ${DEFAULT-VALUE}). A non-loopback address needs a token.")
  String listen;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where desired state and the API token live (env ORCH_STATE_DIR; default ~/.orch).")
  Path stateDir;

  @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "30s",
      description = "Periodic full resync (default ${DEFAULT-VALUE}).")
  String resync;

  @Option(names = "--max-replicas", paramLabel = "N", defaultValue = "" + ReplicaLimit.DEFAULT_MAX,
      description = "Most replicas per service, and per stack in total, that a stack file or a scale request may ask"
          + " for (default ${DEFAULT-VALUE}).")
  int maxReplicas;

  @Override
  public Integer call() throws Exception {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw CliException.badInput("--listen must be HOST:PORT, got " + listen);
    }
    String host = listen.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw CliException.badInput("--listen port must be a number, got " + listen);
    }
    Duration every = CliDurations.parse("--resync", resync);
    if (maxReplicas < 1) {
      throw CliException.badInput("--max-replicas must be 1 or more, got " + maxReplicas);
    }
    try {
      AgentMain.runUntilStopped(new AgentConfig(stateDir != null ? stateDir : AgentConfig.defaultStateDir(), host,
          port, every, new ReplicaLimit(maxReplicas)));
    } catch (TokenRefusedException e) {
      throw CliException.badInput(e.getMessage());
    }
    return 0;
  }
}
