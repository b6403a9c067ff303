package io.orch.cli;

import io.orch.api.local.AgentJvm;
import io.orch.api.local.PrivateFiles;
import io.orch.api.client.OrchClient;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts an agent in the background when none answers, the way `orch up` promises. */
final class AgentLauncher {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** How long a fresh agent may take to learn whether its engine answers (a ping's deadline is 5 s). */
  private static final Duration ENGINE_CHECK = Duration.ofSeconds(15);

  private AgentLauncher() {}

  static void ensureRunning(AgentOptions options, PrintWriter out) {
    OrchClient client = options.client();
    if (client.healthy()) {
      return;
    }
    URI uri = options.uri();
    if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
      throw CliException.failed("no orch agent answers at " + uri + "; start one there with `orch agent`");
    }
    Path stateDir = options.stateDir();
    Path log = stateDir.resolve("agent.log");
    try {
      // Private from the first byte (DESIGN: state dir 0700, files 0600); the agent's log may quote stack contents.
      PrivateFiles.createDirectories(stateDir);
      PrivateFiles.touchPrivate(log);
      List<String> cmd = new ArrayList<>();
      // setsid: the agent must outlive this CLI and not get the terminal's Ctrl-C.
      if (new File("/usr/bin/setsid").canExecute()) {
        cmd.add("/usr/bin/setsid");
      }
      cmd.add(javaBinary());
      cmd.addAll(AgentJvm.options());
      cmd.add("-jar");
      cmd.add(agentJar(stateDir).toString());
      cmd.add("agent");
      cmd.add("--listen");
      cmd.add(uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort()));
      cmd.add("--state-dir");
      cmd.add(stateDir.toAbsolutePath().toString());
      Process p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      out.println("started an orch agent in the background (pid " + p.pid() + "), log: " + log);
      out.flush();
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (Instant.now().isBefore(deadline)) {
        if (options.client().healthy()) {
          // An agent without an engine would stay behind doing nothing: stop the one this command started.
          Optional<String> engineDown = EngineCheck.engineProblem(options.client(), ENGINE_CHECK);
          if (engineDown.isPresent()) {
            stop(p);
            throw CliException.failed(EngineCheck.advice(engineDown.get()) + "; the agent this command started"
                + " (pid " + p.pid() + ") was stopped");
          }
          return;
        }
        if (!p.isAlive() && p.exitValue() != 0) {
          throw CliException.failed("the agent exited with code " + p.exitValue() + "; see " + log);
        }
        Thread.sleep(200);
      }
      throw CliException.failed("the agent did not answer within " + START_TIMEOUT.toSeconds() + "s; see " + log);
    } catch (IOException e) {
      throw CliException.failed("cannot start the agent: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted while starting the agent");
    }
  }

  private static void stop(Process agent) throws InterruptedException {
    agent.destroy(); // SIGTERM: the agent shuts down in order (it has created nothing without an engine)
    if (!agent.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      agent.destroyForcibly();
      agent.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * A copy of the agent's jar in the state dir, so that rebuilding the project (which rewrites
   * orchestrator-agent/target/orch-agent.jar) does not pull classes out from under a running agent.
   */
  private static Path agentJar(Path stateDir) throws IOException {
    Path own = AgentJar.locate();
    Path copy = stateDir.resolve("agent.jar");
    if (!Files.exists(copy) || Files.size(copy) != Files.size(own)
        || Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(own)) < 0) {
      Path tmp = stateDir.resolve(".agent.jar.tmp");
      Files.deleteIfExists(tmp);
      try (OutputStream out = Channels.newOutputStream(PrivateFiles.createPrivateFile(tmp))) {
        Files.copy(own, out);
      }
      // A new inode: an agent still running from the old copy keeps reading its own file.
      Files.move(tmp, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return copy;
  }
}
