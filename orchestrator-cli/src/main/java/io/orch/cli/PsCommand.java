package io.orch.cli;

import io.orch.api.client.OrchClient;
import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackSummaryDto;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `orch ps`: every replica of one stack (-p) or of all stacks, as the agent last observed them. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the containers orch manages.")
final class PsCommand implements Callable<Integer> {
  @Mixin AgentOptions agent;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Only this stack.")
  String stack;

  @Mixin TableOrJson output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    OrchClient client = agent.client();
    // As docker compose ps: without -p, COMPOSE_PROJECT_NAME names the stack; without either, every stack.
    String only = stack != null ? stack : System.getenv("COMPOSE_PROJECT_NAME");
    List<String> stacks = only != null && !only.isBlank() ? List.of(only)
        : client.stacks().stream().map(StackSummaryDto::name).toList();
    List<ServiceStatusDto> services = new ArrayList<>();
    for (String s : stacks) {
      services.addAll(client.services(s));
    }
    if (output.json()) {
      OutputFormat.printJson(out, services);
      return 0;
    }
    // PORTS last, as in `docker compose ps`: it is the one column whose width has no bound.
    String fmt = "%-32s %-10s %-12s %-10s %-10s %-8s %-28s %-9s %s%n";
    out.printf(Locale.ROOT, fmt, "NAME", "STACK", "SERVICE", "STATE", "HEALTH", "RESTARTS", "AUTOSCALE", "EXIT",
        "PORTS");
    for (ServiceStatusDto s : services) {
      for (ContainerDto c : s.containers()) {
        out.printf(Locale.ROOT, fmt, c.name(), s.stack(), s.service(), c.state(),
            c.health() == null ? "-" : c.health(), c.restarts(), AutoscaleColumn.of(s),
            // The agent sends an exit code only for an exited or dead container.
            c.exitCode() == null ? "" : c.exitCode() + (c.oomKilled() ? " (oom)" : ""),
            PortsColumn.of(c.ports()));
      }
    }
    // A rollout under way or stuck is the service's news: one line each, under the table.
    for (ServiceStatusDto s : services) {
      Progress.rolloutLine(s).ifPresent(line -> out.println(s.stack() + "/" + line));
    }
    // So is a service that cannot run as declared until someone acts (a port taken, an image missing...).
    for (ServiceStatusDto s : services) {
      if ((s.state() == ServiceStatusDto.State.DEGRADED || s.state() == ServiceStatusDto.State.FAILED)
          && s.lastError() != null) {
        out.println(s.stack() + "/" + s.service() + ": " + s.state().name().toLowerCase(Locale.ROOT) + ": "
            + s.lastError());
      }
    }
    return 0;
  }
}
