package io.orch.cli;

import io.orch.api.dto.StackSummaryDto;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** `orch ls`: the stacks the agent manages. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List stacks.")
final class LsCommand implements Callable<Integer> {
  @Mixin AgentOptions agent;

  @Mixin TableOrJson output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * {@code api: cpu 143%/70% -> 5 [1-8]} per autoscaled service, or {@code -}: from the list itself, or, from an
   * agent older than its {@code autoscale} field, with one more request per stack.
   */
  private String autoscaled(StackSummaryDto s) {
    if (s.autoscale() != null) {
      List<String> parts = s.autoscale().entrySet().stream()
          .map(e -> e.getKey() + ": " + AutoscaleColumn.of(e.getValue())).toList();
      return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
    try {
      List<String> parts = agent.client().services(s.name()).stream().filter(x -> x.autoscale() != null)
          .map(x -> x.service() + ": " + AutoscaleColumn.of(x)).toList();
      return parts.isEmpty() ? "-" : String.join(", ", parts);
    } catch (RuntimeException e) {
      return "?"; // an unmanaged or vanished stack: the list itself is still worth showing
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<StackSummaryDto> stacks = agent.client().stacks();
    if (output.json()) {
      OutputFormat.printJson(out, stacks);
      return 0;
    }
    String fmt = "%-24s %-9s %-9s %-40s %s%n";
    out.printf(Locale.ROOT, fmt, "NAME", "SERVICES", "REPLICAS", "AUTOSCALE", "STATUS");
    for (StackSummaryDto s : stacks) {
      out.printf(Locale.ROOT, fmt, s.name(), s.services(), s.running() + "/" + s.desired(), autoscaled(s),
          s.error() == null ? s.status() : s.status() + ": " + s.error());
    }
    return 0;
  }
}
