package io.orch.cli;

import io.orch.api.dto.ServiceStatusDto;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `orch scale SERVICE=N ...`: changes desired replicas; scaling down removes the highest slots first. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Set the replica count of services.")
final class ScaleCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;
  @Mixin AgentOptions agent;

  @Parameters(paramLabel = "SERVICE=N", arity = "1..*", description = "Service and its new replica count.")
  List<String> targets;

  @Option(names = "--pin", description = "For an autoscaled service: fix its count at N (autoscale min = max = N)"
      + " until the stack is submitted again. Without it, scaling an autoscaled service is refused.")
  boolean pin;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String stack = stackFile.stackNameOrFail(spec.commandLine().getErr());
    for (String t : targets) {
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw CliException.badInput("expected SERVICE=N, got '" + t + "'");
      }
      int n;
      try {
        n = Integer.parseInt(t.substring(eq + 1));
      } catch (NumberFormatException e) {
        throw CliException.badInput("replicas must be a whole number, got '" + t.substring(eq + 1) + "'");
      }
      if (n < 0) {
        throw CliException.badInput("replicas must be >= 0, got " + n);
      }
      ServiceStatusDto s = agent.client().scale(stack, t.substring(0, eq), n, pin);
      if (s.autoscale() != null && s.autoscale().pinned()) {
        out.println("pinned " + stack + "/" + s.service() + " at " + n + " replica(s): the autoscaler keeps it there"
            + " until the next orch up");
      } else {
        out.println("scaled " + stack + "/" + s.service() + " to " + n + " replica(s)");
      }
    }
    return 0;
  }
}
