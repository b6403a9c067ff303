package io.orch.cli;

import io.orch.api.local.Version;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `orch` command line. Every subcommand returns 0 (done), 1 (failed) or 2 (bad usage or bad input). */
// The subcommands are added in code (SUBCOMMANDS), not in the annotation, so that a run builds only the one it needs.
@Command(name = "orch", mixinStandardHelpOptions = true, versionProvider = OrchCommand.VersionProvider.class,
    description = "Keeps a Compose-style stack running on the local Docker Engine.")
public final class OrchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /**
   * Every subcommand, in the order help lists them. picocli reads the annotations of every command it is given
   * (and runs their field initialisers) before it parses anything: with all of them that was about 0.3 s of a 1 s
   * {@code orch ps}. So a run whose first word names a subcommand builds only that one; anything else (no
   * subcommand, {@code --help}, {@code help}, a typo that deserves a suggestion) builds them all.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("agent", RunAgentCommand::new);
    m.put("up", UpCommand::new);
    m.put("build", BuildCommand::new);
    m.put("pull", PullCommand::new);
    m.put("down", DownCommand::new);
    m.put("ps", PsCommand::new);
    m.put("ls", LsCommand::new);
    m.put("config", ConfigCommand::new);
    m.put("plan", PlanCommand::new);
    m.put("scale", ScaleCommand::new);
    m.put("convert", ConvertCommand::new);
    m.put("lint", LintCommand::new);
    m.put("restart", RestartCommand::new);
    m.put("rollback", RollbackCommand::new);
    m.put("version", VersionCommand::new);
    m.put("events", EventsCommand::new);
    m.put("logs", LogsCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return Collections.unmodifiableMap(m);
  }

  public static void main(String[] args) {
    // `orch -p shop ps`: global flags before the verb, as docker compose takes them.
    String[] argv = LeadingOptions.hoist(args);
    CommandLine cl = commandLine(argv.length > 0 ? argv[0] : null);
    int exit = cl.execute(argv);
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(exit);
  }

  /** The whole command line, every subcommand included. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /** The command line for a run whose first argument is {@code firstArg}: see {@link #SUBCOMMANDS}. */
  static CommandLine commandLine(String firstArg) {
    CommandLine cl = new CommandLine(new OrchCommand());
    Supplier<Object> only = firstArg == null || "help".equals(firstArg) ? null : SUBCOMMANDS.get(firstArg);
    if (only != null) {
      cl.addSubcommand(firstArg, only.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    }
    // `orch agent --listen ...`: every word after `agent` is the agent's, flags included (RunAgentCommand).
    CommandLine agent = cl.getSubcommands().get("agent");
    if (agent != null) {
      agent.setUnmatchedOptionsArePositionalParams(true);
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(TerminalColors.ansi(System.getenv(),
        System.console() != null)));
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
