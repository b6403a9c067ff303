package io.orch.agent.testing;

import static org.awaitility.Awaitility.await;

import io.orch.api.local.AgentJvm;
import io.orch.agent.TokenFile;
import io.orch.agent.state.StateDir;
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
import java.util.Map;

/**
 * A real orch agent in a child JVM, started from the shaded jar the build just packaged, with its own state dir and
 * port, so a test can kill it with SIGKILL and start it again on the same state.
 */
public final class AgentProcess implements AutoCloseable {
  private final Path stateDir;
  private final int port;
  private final String listenHost;
  private final List<String> extraArgs;
  private final Map<String, String> environment;
  private Process process;

  private AgentProcess(Path stateDir, int port, String listenHost, List<String> extraArgs,
      Map<String, String> environment) {
    this.stateDir = stateDir;
    this.port = port;
    this.listenHost = listenHost;
    this.extraArgs = List.copyOf(extraArgs);
    this.environment = Map.copyOf(environment);
  }

  public static AgentProcess start() {
    return start(new String[0]);
  }

  /** An agent on 127.0.0.1 started with more `orch agent` options, e.g. {@code --max-replicas 5}. */
  public static AgentProcess start(String... agentArgs) {
    return listeningOn("127.0.0.1", agentArgs);
  }

  /**
   * An agent listening on {@code listenHost} (e.g. 0.0.0.0 with {@code --allow-remote}) with extra {@code orch agent}
   * arguments; the test still reaches it through 127.0.0.1.
   */
  public static AgentProcess listeningOn(String listenHost, String... extraArgs) {
    return withEnvironment(Map.of(), 0, listenHost, extraArgs);
  }

  /**
   * An agent whose process sees {@code environment} on top of this JVM's (e.g. {@code DOCKER_HOST} for another
   * engine), listening on {@code listenHost:port} ({@code port} 0: a free one).
   */
  public static AgentProcess withEnvironment(Map<String, String> environment, int port, String listenHost,
      String... extraArgs) {
    try {
      AgentProcess a = new AgentProcess(Files.createTempDirectory("orch-it-state"), port == 0 ? freePort() : port,
          listenHost, List.of(extraArgs), environment);
      a.launch();
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The agent JVM's process id (for /proc/PID: its open file descriptors, its resident memory). */
  public long pid() {
    return process.pid();
  }

  /** The agent's jar (orchestrator-agent's orch-agent.jar). */
  public static Path jar() {
    return built("orch.jar", Path.of("target", "orch-agent.jar"));
  }

  /** The CLI's jar (orchestrator-cli's orch.jar): it finds the agent's jar from there when it starts one. */
  public static Path cliJar() {
    return built("orch.cli.jar", Path.of("..", "orchestrator-cli", "target", "orch.jar"));
  }

  private static Path built(String property, Path fallback) {
    String prop = System.getProperty(property);
    Path jar = prop != null ? Path.of(prop) : fallback;
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("jar not found at " + jar.toAbsolutePath() + ": run `mvn verify` (package first)");
    }
    return jar;
  }

  /** The command line that runs the orch CLI from its jar: for CLI tests. */
  public List<String> cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-jar", cliJar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  public String addr() {
    return "http://127.0.0.1:" + port;
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path log() {
    return stateDir.resolve("agent-it.log");
  }

  private void launch() throws IOException {
    StateDir.touchPrivate(log()); // as the CLI's launcher does: the state dir holds only private files
    List<String> cmd = new ArrayList<>(List.of(javaBinary()));
    cmd.addAll(AgentJvm.OPTIONS);
    cmd.addAll(List.of("-jar", jar().toString(), "agent", "--listen", listenHost + ":" + port,
        "--state-dir", stateDir.toString(), "--resync", "5s"));
    cmd.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(cmd);
    builder.environment().putAll(environment);
    process = builder
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
