package io.orch.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `orch logs [-f] [--tail N] SERVICE`: every replica's output, prefixed like `docker compose logs` does. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show (and follow) the logs of a service.")
final class LogsCommand implements Callable<Integer> {
  @Mixin AgentOptions agent;

  // Not the StackFileOptions mixin: -f means --follow here, as in `docker compose logs -f`.
  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
      description = "Stack name (default: the name of the stack file in the current folder).")
  String projectName;

  @Option(names = "--file", paramLabel = "FILE", description = "Stack file to take the stack name from.")
  java.nio.file.Path file;

  @Parameters(paramLabel = "SERVICE", description = "The service whose replicas' logs to show.")
  String service;

  @Option(names = {"-f", "--follow"}, description = "Keep streaming new lines.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Lines per replica from the end (default: all).")
  Integer tail;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (web-1 | line) or json (one object per line with stream and time; default "
          + "${DEFAULT-VALUE}).")
  OutputFormat output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (tail != null && tail < 0) {
      throw CliException.badInput("--tail must be 0 or more, got " + tail);
    }
    PrintWriter out = spec.commandLine().getOut();
    String stack = projectName;
    if (stack == null) {
      StackFileOptions stackFile = new StackFileOptions();
      stackFile.files = file == null ? List.of() : List.of(file);
      stack = stackFile.stackNameOrFail(spec.commandLine().getErr());
    }
    agent.client().streamLogs(stack, service, follow, tail == null ? -1 : tail, output == OutputFormat.JSON,
        line -> {
          out.println(line);
          out.flush();
          return true;
        });
    return 0;
  }
}
