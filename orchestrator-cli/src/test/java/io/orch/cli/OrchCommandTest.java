package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrchCommandTest {
  @Test
  void aRunNamingASubcommandBuildsOnlyThatOne() {
    assertThat(OrchCommand.commandLine("ps").getSubcommands()).containsOnlyKeys("ps");
    assertThat(OrchCommand.commandLine("scale").getSubcommands()).containsOnlyKeys("scale");
  }

  @Test
  void helpNoSubcommandOrATypoBuildTheWholeTreeInHelpOrder() {
    String[] all = {"agent", "up", "build", "pull", "down", "ps", "ls", "config", "plan", "scale", "convert", "lint",
        "restart", "rollback", "version", "events", "logs", "help"};
    assertThat(OrchCommand.commandLine().getSubcommands().keySet()).containsExactly(all);
    assertThat(OrchCommand.commandLine("help").getSubcommands().keySet()).containsExactly(all);
    assertThat(OrchCommand.commandLine("--help").getSubcommands().keySet()).containsExactly(all);
    assertThat(OrchCommand.commandLine("sclae").getSubcommands().keySet()).containsExactly(all);
  }

  @Test
  void aTypoStillGetsTheSuggestionAndExitCode2() {
    CommandLine cl = OrchCommand.commandLine("sclae");
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("sclae")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("scale");
  }
}
