package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `./orch` launcher's first run, which builds the jar, with a stand-in `mvn` that prints what Maven 3.8 prints in
 * quiet batch mode (bare ESC[0m codes) and a stand-in `java` (the CLI): no escape code reaches the user's output
 * (issue 17 item 7: four of them printed before "started an orch agent"), and a failed build still shows its output.
 */
class LauncherScriptTest {
  @TempDir Path repo;

  @Test
  void aFirstRunBuildPrintsNoEscapeCodes() throws Exception {
    Run run = firstRun("exit 0");

    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("started an orch agent").doesNotContain("\u001b");
  }

  @Test
  void aFailedBuildShowsItsOutputWithoutEscapeCodes() throws Exception {
    Run run = firstRun("echo '[ERROR] COMPILATION ERROR'; exit 1");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.output).contains("[ERROR] COMPILATION ERROR").contains("failed").doesNotContain("\u001b")
        .doesNotContain("started an orch agent");
  }

  private record Run(int exit, String output) {}

  private Run firstRun(String mvnEnd) throws IOException, InterruptedException {
    Path launcher = repo.resolve("orch");
    Files.copy(repoRoot().resolve("orch"), launcher);
    Path bin = Files.createDirectories(repo.resolve("bin"));
    script(bin.resolve("mvn"), "printf '\\033[0m\\033[0m'; printf '\\033[0m\\033[0m' >&2\n"
        + "mkdir -p orchestrator-agent/target orchestrator-cli/target && touch orchestrator-agent/target/orch-agent.jar"
        + " orchestrator-cli/target/orch.jar\n" + mvnEnd + "\n");
    script(bin.resolve("java"), "echo 'started an orch agent in the background (pid 1), log: x'\n");
    Path output = repo.resolve("output.txt");
    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "up").directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("ORCH_JAVA_OPTS", "");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /** The repository's root: the folder above this module's working directory that holds the launcher. */
  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("orch")) && Files.isDirectory(dir.resolve("orchestrator-cli"))) {
        return dir;
      }
    }
    throw new AssertionError("no ./orch launcher above " + Path.of("").toAbsolutePath());
  }

  private static void script(Path path, String body) throws IOException {
    Files.writeString(path, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
