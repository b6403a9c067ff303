package io.orch.cli;

import io.orch.cli.engine.ImageBuilder;
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

/**
 * `orch plan`: what `orch up` would create, replace and remove, computed by the agent against the engine: the whole way
 * to the declared state, step by step (dependents after what they wait for, every step of a rollout, the changed
 * fields of each replaced container).
 */
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
        StackWriter.toSubmission(stack).getBytes(StandardCharsets.UTF_8), "application/yaml", true, false,
        loaded.activeProfiles());
    if (output.json()) {
      OutputFormat.printJson(out, plan);
    } else if (plan.actions().isEmpty() && plan.plan().isEmpty()) {
      out.println("stack " + name + ": nothing to do");
    } else {
      out.println("stack " + name + ": " + summary(plan));
      printSteps(out, plan);
    }
    if (!output.json() && !plan.keptOrphans().isEmpty()) {
      out.println("kept (no longer in the file; orch up --remove-orphans removes them): "
          + String.join(", ", plan.keptOrphans()));
    }
    return 0;
  }

  /** "9 action(s) in 3 step(s)", or "nothing to do now" when only pending waits are left. */
  static String summary(SubmitResultDto plan) {
    if (plan.actions().isEmpty()) {
      return "nothing to do now";
    }
    long steps = plan.plan().stream().filter(l -> l.startsWith("step ")).count();
    return plan.actions().size() + " action(s)" + (steps == 0 ? "" : " in " + steps + " step(s)");
  }

  /** The way step by step, indented; an agent that answers no steps gets its actions listed as before. */
  static void printSteps(PrintWriter out, SubmitResultDto plan) {
    (plan.plan().isEmpty() ? plan.actions() : plan.plan()).forEach(line -> out.println("  " + line));
  }
}
