package io.orch.agent.it;

import io.orch.agent.testing.AgentProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the orch CLI from the jar against a test's agent, as a user would, and keeps what it printed. */
final class OrchCli {
  private OrchCli() {}

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** {@code orch ARGS --addr <agent> --state-dir <agent's>}, given at most {@code minutes} to finish. */
  static Run run(AgentProcess agent, int minutes, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(agent.cli(args));
    cmd.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    Path out = Files.createTempFile("orch-out", ".txt");
    Path err = Files.createTempFile("orch-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("orch " + String.join(" ", args) + " did not finish within " + minutes + " min:\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
