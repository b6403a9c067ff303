package io.orch.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the agent's jar is, for the CLI that starts an agent ({@code orch up} with none answering, {@code orch agent}
 * run from this jar): the agent is its own module and jar (orchestrator-agent), the CLI holds none of its classes.
 * In order: {@code $ORCH_AGENT_JAR}; {@code orch-agent.jar} beside this CLI's jar (an install that keeps both in one
 * folder); the source tree's {@code orchestrator-agent/target/orch-agent.jar} when this jar is
 * {@code orchestrator-cli/target/orch.jar} (what {@code mvn package} and {@code ./orch} give).
 */
final class AgentJar {
  static final String ENV = "ORCH_AGENT_JAR";
  static final String FILE_NAME = "orch-agent.jar";

  private AgentJar() {}

  static Path locate() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      Path jar = Path.of(env);
      if (!Files.isRegularFile(jar)) {
        throw CliException.failed("$" + ENV + " names " + jar + ", which is not a file; point it at orch-agent.jar");
      }
      return jar;
    }
    List<Path> candidates = candidates(ownJar());
    return candidates.stream().filter(Files::isRegularFile).findFirst()
        .orElseThrow(() -> CliException.failed("cannot find the agent's jar (looked at " + candidates + "); build it"
            + " (mvn -B -DskipTests package), set $" + ENV + ", or start an agent with `orch agent`"));
  }

  /** The places {@link #locate} looks at for a CLI jar at {@code cliJar}, in order. */
  static List<Path> candidates(Path cliJar) {
    List<Path> paths = new ArrayList<>();
    Path dir = cliJar.toAbsolutePath().getParent();
    paths.add(dir.resolve(FILE_NAME));
    Path module = dir.getParent();
    if (module != null && module.getParent() != null) {
      paths.add(module.getParent().resolve("orchestrator-agent").resolve("target").resolve(FILE_NAME));
    }
    return paths;
  }

  private static Path ownJar() {
    try {
      Path p = Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // From classes (a test, an IDE): orchestrator-cli/target/classes sits where the jar would.
      return p.toString().endsWith(".jar") ? p : p.resolveSibling("orch.jar");
    } catch (URISyntaxException e) {
      throw CliException.failed("cannot locate orch's jar: " + e.getMessage());
    }
  }
}
