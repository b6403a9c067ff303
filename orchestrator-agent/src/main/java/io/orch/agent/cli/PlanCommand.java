package io.orch.agent.cli;

import io.orch.agent.docker.ImageBuilder;
import io.orch.api.dto.SubmitResultDto;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackWriter;
import io.orch.core.model.Stack;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    // The image ids orch up would stamp, without building: else every build: service would look changed.
    Stack stack = new StackImages(out, spec.commandLine().getErr()).prepare(loaded.stack(), List.of(),
        StackImages.When.NEVER, ImageBuilder.Overrides.NONE);
    SubmitResultDto plan = agent.client().submit(name,
        StackWriter.toSubmission(stack).getBytes(StandardCharsets.UTF_8), "application/yaml", true);
    if (output.json()) {
      OutputFormat.printJson(out, plan);
    } else if (plan.actions().isEmpty()) {
      out.println("stack " + name + ": nothing to do");
    } else {
      out.println("stack " + name + ": " + plan.actions().size() + " action(s)");
      plan.actions().forEach(a -> out.println("  " + a));
    }
    if (!output.json() && !plan.keptOrphans().isEmpty()) {
      out.println("kept (no longer in the file; orch up --remove-orphans removes them): "
          + String.join(", ", plan.keptOrphans()));
    }
    return 0;
  }
}
