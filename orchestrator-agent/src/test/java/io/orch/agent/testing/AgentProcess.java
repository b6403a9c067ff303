package io.orch.agent.testing;

import static org.awaitility.Awaitility.await;

import io.orch.agent.AgentJvm;
import io.orch.agent.TokenFile;
import io.orch.api.client.OrchClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real orch agent in a child JVM, started from the shaded jar the build just packaged, with its own state dir and
 * port, so a test can kill it with SIGKILL and start it again on the same state.
 */
public final class AgentProcess implements AutoCloseable {
  private final Path stateDir;
  private final int port;
  private Process process;

  private AgentProcess(Path stateDir, int port) {
    this.stateDir = stateDir;
    this.port = port;
  }

  public static AgentProcess start() {
    try {
      AgentProcess a = new AgentProcess(Files.createTempDirectory("orch-it-state"), freePort());
      a.launch();
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path jar() {
    String prop = System.getProperty("orch.jar");
    Path jar = prop != null ? Path.of(prop) : Path.of("target", "orch.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("orch jar not found at " + jar.toAbsolutePath() + ": run `mvn verify` (package first)");
    }
    return jar;
  }

  /** The command line that runs the orch CLI from the jar: for CLI tests. */
  public List<String> cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  public String addr() {
    return "http://127.0.0.1:" + port;
  }

  /** The agent JVM's process id (for /proc/PID/status). */
  public long pid() {
    return process.pid();
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path log() {
    return stateDir.resolve("agent-it.log");
  }

  private void launch() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(AgentJvm.OPTIONS);
    cmd.addAll(List.of("-jar", jar().toString(), "agent", "--listen", "127.0.0.1:" + port,
        "--state-dir", stateDir.toString(), "--resync", "5s"));
    process = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    await("agent on port " + port + " ready (log: " + log() + ")").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("agent exited with " + process.exitValue() + ": " + Files.readString(log()));
          }
          return client().healthy() && client().ready();
        });
  }

  public OrchClient client() {
    return new OrchClient(URI.create(addr()), TokenFile.read(stateDir).orElse(null), Duration.ofSeconds(30));
  }

  /** SIGKILL: no shutdown hook runs, exactly like a crash. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as systemd or Ctrl-C would stop it; waits for the JVM to exit. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new AssertionError("agent did not stop within 30s of SIGTERM");
    }
    return process.exitValue();
  }

  public void restart() throws IOException {
    launch();
  }

  public String logText() {
    try {
      return Files.readString(log());
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
