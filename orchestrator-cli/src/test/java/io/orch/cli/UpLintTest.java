package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `orch up` prints lint findings unless told not to (issue 17 item 7). No agent: the address is one nobody has. */
class UpLintTest {
  private static final String NO_AGENT = "http://nowhere.invalid:1"; // not local: `up` starts no agent for it

  @TempDir Path dir;

  @Test
  void upPrintsTheFindingsAndSaysHowToHideThem() throws IOException {
    Run run = up("-f", stackFile().toString(), "--addr", NO_AGENT);

    assertThat(run.err).contains("lint: ").contains("[healthcheck] services.web")
        .contains("--no-lint or ORCH_NO_LINT=1 hides them");
  }

  @Test
  void noLintHidesThem() throws IOException {
    Run run = up("--no-lint", "-f", stackFile().toString(), "--addr", NO_AGENT);

    assertThat(run.err).doesNotContain("lint").doesNotContain("[healthcheck]")
        .contains("no orch agent answers at " + NO_AGENT); // it went on as usual
    assertThat(run.exit).isEqualTo(1);
  }

  @Test
  void theEnvironmentTurnsThemOffToo() {
    assertThat(UpLint.enabled(false, Map.of())).isTrue();
    assertThat(UpLint.enabled(true, Map.of())).isFalse();
    assertThat(UpLint.enabled(false, Map.of("ORCH_NO_LINT", "1"))).isFalse();
    assertThat(UpLint.enabled(false, Map.of("ORCH_NO_LINT", "true"))).isFalse();
    assertThat(UpLint.enabled(false, Map.of("ORCH_NO_LINT", "0"))).isTrue();
    assertThat(UpLint.enabled(false, Map.of("ORCH_NO_LINT", "false"))).isTrue();
    assertThat(UpLint.enabled(false, Map.of("ORCH_NO_LINT", ""))).isTrue();
  }

  private Path stackFile() throws IOException {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, """
        name: uxlint
        services:
          web:
            image: busybox:1.36
        """);
    return file;
  }

  private record Run(int exit, String out, String err) {}

  private static Run up(String... args) {
    CommandLine cl = OrchCommand.commandLine("up");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "up";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cl.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }
}
