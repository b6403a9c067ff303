package io.orch.cli;

import io.orch.api.dto.ServiceStatusDto;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `orch restart SERVICE ...`: a rolling restart, replacing every replica one by one (update_config parallelism). */
@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Replace every replica of services one by one (a rolling restart).")
final class RestartCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;
  @Mixin AgentOptions agent;

  @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Services to restart.")
  List<String> services;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String stack = stackFile.stackNameOrFail(spec.commandLine().getErr());
    for (String service : services) {
      ServiceStatusDto s = agent.client().restart(stack, service);
      spec.commandLine().getOut().println("restarting " + stack + "/" + s.service() + ": " + s.desired()
          + " replica(s) are replaced one by one; follow with `orch ps -p " + stack + "`");
    }
    return 0;
  }
}
