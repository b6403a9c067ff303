package io.orch.cli;

import io.orch.api.local.Version;
import io.orch.api.dto.InfoDto;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** `orch version`: this CLI's version, and the agent's and engine's when an agent answers. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Show versions.")
final class VersionCommand implements Callable<Integer> {
  @Mixin AgentOptions agent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("orch CLI:      " + Version.get());
    var client = agent.client();
    if (!client.healthy()) {
      out.println("orch agent:    not running at " + agent.uri());
      return 0;
    }
    InfoDto info = client.info();
    out.println("orch agent:    " + info.version() + " (up " + info.uptimeSeconds() + "s)");
    if (info.engineVersion() != null) {
      out.println("Docker Engine: " + info.engineVersion() + " (API " + info.engineApiVersion() + ")");
      return 0;
    }
    // The agent has not reached its engine (yet): say why and what to do, never "null (API null)".
    String reason = client.notReadyReason().filter(EngineCheck::isAboutTheEngine)
        .orElse("the agent has not reached it yet");
    out.println("Docker Engine: not answering");
    spec.commandLine().getErr().println("orch: " + EngineCheck.advice(reason)
        + "; the agent connects by itself once it answers");
    return 1;
  }
}
