package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive holds what the training run loads: each everyday command must run through against the
 * stand-in agent (a command that failed early, say on an endpoint the stand-in does not know, would leave its reply
 * readers out of the archive and quietly slow every later run).
 */
class StartupTrainingTest {
  @Test
  void everyTrainingCommandRunsThroughAgainstTheStandInAgent() throws Exception {
    StringWriter out = new StringWriter();

    List<Integer> exits = StartupTraining.run(new PrintWriter(out, true));

    assertThat(exits).as(out.toString()).hasSize(StartupTraining.COMMANDS.size()).containsOnly(0);
    assertThat(out.toString()).contains("NAME", "STACK", "SERVICES", "orch agent:    training");
  }
}
