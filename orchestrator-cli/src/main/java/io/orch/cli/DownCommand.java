package io.orch.cli;

import io.orch.api.client.OrchClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `orch down`: removes a stack's containers and networks (and named volumes with --volumes), then waits. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Remove a stack's containers and networks; named volumes are kept unless --volumes.")
final class DownCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;
  @Mixin AgentOptions agent;

  @Option(names = {"-v", "--volumes"}, description = "Also remove the stack's named volumes.")
  boolean volumes;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
      description = "How long to wait for the removal (default ${DEFAULT-VALUE}).")
  String timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String name = stackFile.stackNameOrFail(spec.commandLine().getErr());
    Duration limit = CliDurations.parse("--timeout", timeout);
    OrchClient client = agent.client();
    client.delete(name, volumes);
    out.println("removing stack " + name + (volumes ? " and its volumes" : " (named volumes are kept)"));
    out.flush();
    Instant deadline = Instant.now().plus(limit);
    while (client.stack(name).isPresent()) {
      if (Instant.now().isAfter(deadline)) {
        throw CliException.failed("stack " + name + " was not removed within " + limit.toSeconds() + "s; see `orch ps -p "
            + name + "`");
      }
      Thread.sleep(300);
    }
    out.println("removed stack " + name);
    return 0;
  }
}
