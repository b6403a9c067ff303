package io.orch.cli;

import io.orch.api.dto.ServiceStatusDto;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `orch rollback SERVICE`: puts back the service's spec from before its last change; replicas stay. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Put back a service's spec from before its last change (replica count unchanged).")
final class RollbackCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;
  @Mixin AgentOptions agent;

  @Parameters(paramLabel = "SERVICE", description = "Service to roll back.")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String stack = stackFile.stackNameOrFail(spec.commandLine().getErr());
    ServiceStatusDto s = agent.client().rollback(stack, service);
    spec.commandLine().getOut().println("rolling back " + stack + "/" + s.service()
        + " to its previous spec; its replicas are replaced one by one");
    return 0;
  }
}
