package io.orch.agent.cli;

import io.orch.agent.AgentConfig;
import io.orch.agent.AgentMain;
import io.orch.agent.TokenRefusedException;
import io.orch.api.server.HttpLimits;
import io.orch.core.model.ReplicaLimit;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
      description = "Where the HTTP API listens (default ${DEFAULT-VALUE}). A non-loopback address needs "
          + "--allow-remote.")
  String listen;

  @Option(names = "--allow-remote",
      description = "Confirm a non-loopback --listen: anyone who can reach it and holds the token can run containers "
          + "on this host; every call but /healthz and /readyz then needs the token.")
  boolean allowRemote;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
      description = "Open API connections kept at most (default ${DEFAULT-VALUE}); past it the longest idle one is "
          + "closed, or, when all are busy, the new one is answered 503.")
  int maxConnections;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where desired state and the API token live (env ORCH_STATE_DIR; default ~/.orch).")
  Path stateDir;

  @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "30s",
      description = "Periodic full resync (default ${DEFAULT-VALUE}).")
  String resync;

  @Option(names = "--autoscale-every", paramLabel = "DURATION", defaultValue = "15s",
      description = "How often autoscaled services are measured and decided on, as the HPA's sync period (default"
          + " ${DEFAULT-VALUE}; at least 1s).")
  String autoscaleEvery;

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
    if (maxConnections < 1) {
      throw CliException.badInput("--max-connections must be at least 1, got " + maxConnections);
    }
    requireAllowRemoteOffLoopback(host);
    Duration every = CliDurations.parse("--resync", resync);
    Duration autoscalePeriod = CliDurations.parse("--autoscale-every", autoscaleEvery);
    if (autoscalePeriod.compareTo(Duration.ofSeconds(1)) < 0) {
      throw CliException.badInput("--autoscale-every must be at least 1s (each period reads every replica's stats),"
          + " got " + autoscaleEvery);
    }
    if (maxReplicas < 1) {
      throw CliException.badInput("--max-replicas must be 1 or more, got " + maxReplicas);
    }
    try {
      AgentMain.runUntilStopped(new AgentConfig(stateDir != null ? stateDir : AgentConfig.defaultStateDir(), host,
          port, every, new ReplicaLimit(maxReplicas), HttpLimits.DEFAULTS.withMaxConnections(maxConnections),
          autoscalePeriod));
    } catch (TokenRefusedException e) {
      throw CliException.badInput(e.getMessage());
    }
    return 0;
  }

  /** A network-facing API is a decision, not a typo: it has to be said twice. */
  private void requireAllowRemoteOffLoopback(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw CliException.badInput("--listen host '" + host + "' does not resolve; use an address such as 127.0.0.1");
    }
    if (!address.isLoopbackAddress() && !allowRemote) {
      throw CliException.badInput("--listen " + listen + " is not a loopback address: anyone who can reach it could "
          + "call the agent's API (with the token in the state dir). Add --allow-remote to mean it, or listen on "
          + "127.0.0.1:" + listen.substring(listen.lastIndexOf(':') + 1));
    }
  }
}
