package io.orch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The agent's jar takes `orch agent`'s command line: the verb optional, a bad flag value said in one line, exit 2. */
class AgentCommandTest {
  @Test
  void theLeadingVerbIsDroppedAndOnlyIt() {
    assertThat(AgentCommand.withoutVerb(new String[] {"agent", "--listen", "127.0.0.1:1"}))
        .containsExactly("--listen", "127.0.0.1:1");
    assertThat(AgentCommand.withoutVerb(new String[] {"--listen", "127.0.0.1:1"}))
        .containsExactly("--listen", "127.0.0.1:1");
    assertThat(AgentCommand.withoutVerb(new String[0])).isEmpty();
  }

  @Test
  void aBadFlagValueIsBadInputBeforeAnythingStarts() {
    CommandLine cl = AgentCommand.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));

    assertThat(cl.execute("--listen", "127.0.0.1:7070", "--resync", "soon")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("orch: --resync: 'soon' is not a duration (examples: 90s, 5m, 1m30s, 500ms)"
        + System.lineSeparator());
  }

  @Test
  void aNonLoopbackAddressNeedsAllowRemote() {
    CommandLine cl = AgentCommand.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));

    assertThat(cl.execute("--listen", "0.0.0.0:7070")).isEqualTo(2);
    assertThat(err.toString()).contains("--allow-remote");
  }
}
