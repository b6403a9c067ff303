package io.orch.agent.cli;

import io.orch.agent.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `orch` command line. Every subcommand returns 0 (done), 1 (failed) or 2 (bad usage or bad input). */
@Command(name = "orch", mixinStandardHelpOptions = true, versionProvider = OrchCommand.VersionProvider.class,
    description = "Keeps a Compose-style stack running on the local Docker Engine.",
    subcommands = {AgentCommand.class, UpCommand.class, BuildCommand.class, PullCommand.class,
        DownCommand.class, PsCommand.class, LsCommand.class,
        ConfigCommand.class, PlanCommand.class, ScaleCommand.class, ConvertCommand.class, LintCommand.class,
        RestartCommand.class, RollbackCommand.class,
        VersionCommand.class,
        EventsCommand.class, LogsCommand.class,
        CommandLine.HelpCommand.class})
public final class OrchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine();
    int exit = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(exit);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new OrchCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("orch: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      if (ex instanceof io.orch.api.client.OrchClientException e && e.status() == 401) {
        cmd.getErr().println("orch: the CLI sends the token from $ORCH_TOKEN, else from <state dir>/token (state dir: "
            + "--state-dir, $ORCH_STATE_DIR, default ~/.orch); point it at the agent's state dir");
      }
      return ex instanceof CliException c ? c.exitCode() : 1;
    });
    return cl;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"orch " + Version.get()};
    }
  }
}
