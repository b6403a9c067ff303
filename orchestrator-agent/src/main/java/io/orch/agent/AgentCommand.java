package io.orch.agent;

import io.orch.api.local.DurationFlag;
import io.orch.api.local.TokenRefusedException;
import io.orch.api.local.Version;
import io.orch.api.server.HttpLimits;
import io.orch.core.model.ReplicaLimit;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `orch agent`: runs the daemon in the foreground until SIGTERM; containers keep running after it stops. The agent
 * jar's entry point: {@code java -jar orch-agent.jar agent --listen ...} (the word {@code agent} may be left out). The
 * {@code ./orch} launcher runs it for {@code orch agent ...}; the CLI (its own module and jar) starts it for
 * {@code orch up} when no agent answers.
 */
@Command(name = "orch agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.VersionProvider.class,
    description = "Run the orch agent (the daemon) in the foreground.")
public final class AgentCommand implements Callable<Integer> {
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

  public static void main(String[] args) {
    int exit = commandLine().execute(withoutVerb(args));
    System.exit(exit);
  }

  /** The agent's command line; a bad flag value is reported in one line and exits 2, as the CLI's commands do. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AgentCommand());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("orch: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return ex instanceof BadInput ? 2 : 1;
    });
    return cl;
  }

  /** {@code agent --listen ...} as {@code ./orch agent --listen ...} passes it: the leading verb is not a flag. */
  static String[] withoutVerb(String[] args) {
    return args.length > 0 && "agent".equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
  }

  @Override
  public Integer call() throws Exception {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new BadInput("--listen must be HOST:PORT, got " + listen);
    }
    String host = listen.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new BadInput("--listen port must be a number, got " + listen);
    }
    if (maxConnections < 1) {
      throw new BadInput("--max-connections must be at least 1, got " + maxConnections);
    }
    requireAllowRemoteOffLoopback(host);
    Duration every = duration("--resync", resync);
    Duration autoscalePeriod = duration("--autoscale-every", autoscaleEvery);
    if (autoscalePeriod.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new BadInput("--autoscale-every must be at least 1s (each period reads every replica's stats),"
          + " got " + autoscaleEvery);
    }
    if (maxReplicas < 1) {
      throw new BadInput("--max-replicas must be 1 or more, got " + maxReplicas);
    }
    try {
      AgentMain.runUntilStopped(new AgentConfig(stateDir != null ? stateDir : AgentConfig.defaultStateDir(), host,
          port, every, new ReplicaLimit(maxReplicas), HttpLimits.DEFAULTS.withMaxConnections(maxConnections),
          autoscalePeriod));
    } catch (TokenRefusedException e) {
      throw new BadInput(e.getMessage());
    }
    return 0;
  }

  /** A network-facing API is a decision, not a typo: it has to be said twice. */
  private void requireAllowRemoteOffLoopback(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new BadInput("--listen host '" + host + "' does not resolve; use an address such as 127.0.0.1");
    }
    if (!address.isLoopbackAddress() && !allowRemote) {
      throw new BadInput("--listen " + listen + " is not a loopback address: anyone who can reach it could "
          + "call the agent's API (with the token in the state dir). Add --allow-remote to mean it, or listen on "
          + "127.0.0.1:" + listen.substring(listen.lastIndexOf(':') + 1));
    }
  }

  private static Duration duration(String option, String text) {
    try {
      return DurationFlag.parse(option, text);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /** A flag value the agent cannot start with: said in one line, exit code 2. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"orch agent " + Version.get()};
    }
  }
}
