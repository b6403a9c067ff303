package io.orch.api.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a CLI finds the agent on its own machine, as the agent chooses it: the default address, the state dir, and
 * the API token file in it. The agent (AgentConfig, TokenFile) and the CLI both read these from here.
 */
public final class LocalAgent {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;

  private LocalAgent() {}

  /** {@code $ORCH_STATE_DIR}, else {@code ~/.orch}. */
  public static Path defaultStateDir() {
    String env = System.getenv("ORCH_STATE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".orch");
  }

  /** The API token's file, {@code <stateDir>/token}. */
  public static Path tokenFile(Path stateDir) {
    return stateDir.resolve("token");
  }

  /** The CLI's side: whatever the token file holds, if it can be read; the agent is the one that judges it. */
  public static Optional<String> readToken(Path stateDir) {
    Path file = tokenFile(stateDir);
    try {
      if (!Files.isReadable(file)) {
        return Optional.empty();
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
