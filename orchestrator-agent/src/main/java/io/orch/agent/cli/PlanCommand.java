package io.orch.agent.cli;

import io.orch.api.dto.SubmitResultDto;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** `orch plan`: what `orch up` would create, replace and remove now, computed by the agent against the engine. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show what `orch up` would do, without doing it.")
final class PlanCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;
  @Mixin AgentOptions agent;

  @Mixin TableOrJson output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LoadResult loaded = stackFile.loadOrFail(spec.commandLine().getErr());
    String name = loaded.stack().name();
    SubmitResultDto plan = agent.client().submit(name,
        StackWriter.toYaml(loaded.stack()).getBytes(StandardCharsets.UTF_8), "application/yaml", true);
    if (output.json()) {
      OutputFormat.printJson(out, plan);
    } else if (plan.actions().isEmpty()) {
      out.println("stack " + name + ": nothing to do");
    } else {
      out.println("stack " + name + ": " + plan.actions().size() + " action(s)");
      plan.actions().forEach(a -> out.println("  " + a));
    }
    return 0;
  }
}
