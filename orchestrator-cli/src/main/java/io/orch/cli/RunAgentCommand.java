package io.orch.cli;

import io.orch.api.local.AgentJvm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `orch agent ...` when it reaches this jar ({@code java -jar orch.jar agent}): the agent lives in its own jar, so
 * this runs it in the foreground as a child JVM (the agent's JVM options, the same arguments, this terminal) and exits
 * with its code. A SIGTERM or Ctrl-C to this CLI stops the agent the same way. The {@code ./orch} launcher skips this
 * step and starts the agent's jar itself.
 */
@Command(name = "agent", description = "Run the orch agent (the daemon) in the foreground (`orch agent --help`).")
final class RunAgentCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "ARG", description = "The agent's flags, as `orch agent --help` lists.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(AgentJvm.options());
    cmd.addAll(List.of("-jar", AgentJar.locate().toString(), "agent"));
    cmd.addAll(args);
    Process agent = new ProcessBuilder(cmd).inheritIO().start();
    Thread stop = new Thread(() -> {
      agent.destroy(); // SIGTERM: the agent shuts down in order
      try {
        agent.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(stop);
    int exit = agent.waitFor();
    Runtime.getRuntime().removeShutdownHook(stop);
    return exit;
  }
}
