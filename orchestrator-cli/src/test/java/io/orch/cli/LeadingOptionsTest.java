package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `orch -p shop ps` as `docker compose -p shop ps`: global flags before the verb. */
class LeadingOptionsTest {
  @Test
  void movesGlobalFlagsBehindTheVerbInTheirLongForm() {
    assertThat(LeadingOptions.hoist(new String[] {"-p", "shop", "ps"}))
        .containsExactly("ps", "--project-name", "shop");
    assertThat(LeadingOptions.hoist(new String[] {"-f", "a.yml", "--file=b.yml", "--profile", "debug", "up", "-d"}))
        .containsExactly("up", "--file", "a.yml", "--file", "b.yml", "--profile", "debug", "-d");
    assertThat(LeadingOptions.hoist(new String[] {"-pshop", "--project-name=x", "down"}))
        .containsExactly("down", "--project-name", "shop", "--project-name", "x");
    // -f before logs names the file; after it, -f still means follow.
    assertThat(LeadingOptions.hoist(new String[] {"-f", "a.yml", "logs", "-f"}))
        .containsExactly("logs", "--file", "a.yml", "-f");
  }

  @Test
  void leavesEverythingElseAsItWas() {
    String[][] unchanged = {{"ps", "-p", "shop"}, {"up", "-f", "a.yml"}, {"--help"}, {"-p", "shop"}, {"-p"}, {},
        {"version"}};
    for (String[] args : unchanged) {
      assertThat(LeadingOptions.hoist(args)).containsExactly(args);
    }
  }

  @Test
  void theHoistedFlagsReachTheCommand() {
    String[] argv = LeadingOptions.hoist(new String[] {"-p", "shop", "ps"});
    CommandLine cl = OrchCommand.commandLine(argv[0]);
    CommandLine.ParseResult parsed = cl.parseArgs(argv);
    PsCommand ps = (PsCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(ps.stack).isEqualTo("shop");

    argv = LeadingOptions.hoist(new String[] {"-f", "a.yml", "--profile", "debug", "-p", "shop", "up", "-d"});
    cl = OrchCommand.commandLine(argv[0]);
    UpCommand up = (UpCommand) cl.parseArgs(argv).subcommand().commandSpec().userObject();
    assertThat(up.stackFile.files).extracting(Object::toString).containsExactly("a.yml");
    assertThat(up.stackFile.profiles).containsExactly("debug");
    assertThat(up.stackFile.projectName).isEqualTo("shop");
    assertThat(up.noWait).isTrue();
  }

  @Test
  void aCommandWithoutTheFlagSaysSo() {
    String[] argv = LeadingOptions.hoist(new String[] {"-p", "shop", "ls"});
    CommandLine cl = OrchCommand.commandLine(argv[0]);
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(argv)).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option").contains("--project-name");
  }
}
