package io.orch.cli;

import io.orch.core.load.LoadResult;
import io.orch.core.load.StackWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `orch config`: the normalized, interpolated model, like `docker compose config`. Needs no agent. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Validate a stack file and print its normalized, interpolated form.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
      description = "yaml or json (default ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LoadResult result = stackFile.loadOrFail(spec.commandLine().getErr());
    out.print(output == OutputFormat.JSON ? StackWriter.toJson(result.stack()) + "\n"
        : StackWriter.toYaml(result.stack()));
    return 0;
  }
}
