package io.orch.agent.cli;

import io.orch.api.client.OrchClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Starts an agent in the background when none answers, the way `orch up` promises. */
final class AgentLauncher {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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
      Files.createDirectories(stateDir);
      List<String> cmd = new ArrayList<>();
      // setsid: the agent must outlive this CLI and not get the terminal's Ctrl-C.
      if (new File("/usr/bin/setsid").canExecute()) {
        cmd.add("/usr/bin/setsid");
      }
      cmd.add(javaBinary());
      cmd.add("-jar");
      cmd.add(ownJar());
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

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String ownJar() {
    try {
      Path p = Path.of(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!p.toString().endsWith(".jar")) {
        throw CliException.failed("cannot start an agent from classes in " + p + "; build the jar (mvn package) "
            + "or start one with `orch agent`");
      }
      return p.toString();
    } catch (java.net.URISyntaxException e) {
      throw CliException.failed("cannot locate orch's jar: " + e.getMessage());
    }
  }
}
