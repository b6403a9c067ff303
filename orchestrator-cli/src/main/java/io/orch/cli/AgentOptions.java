package io.orch.cli;

import io.orch.api.local.LocalAgent;
import io.orch.api.local.TokenRefusedException;
import io.orch.api.local.TokenStrength;
import io.orch.api.client.OrchClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the agent is and how to talk to it: shared by every subcommand that calls the API. */
final class AgentOptions {
  @Option(names = "--addr", paramLabel = "URL", description = "Agent API address (env ORCH_ADDR; default "
      + "http://127.0.0.1:7070).")
  String addr;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Agent state directory, holding the API token "
      + "(env ORCH_STATE_DIR; default ~/.orch).")
  Path stateDir;

  URI uri() {
    String a = addr != null ? addr : System.getenv("ORCH_ADDR");
    if (a == null || a.isBlank()) {
      a = "http://" + LocalAgent.DEFAULT_HOST + ":" + LocalAgent.DEFAULT_PORT;
    }
    if (!a.contains("://")) {
      a = "http://" + a;
    }
    return URI.create(a);
  }

  Path stateDir() {
    return stateDir != null ? stateDir : LocalAgent.defaultStateDir();
  }

  String token() {
    String env = System.getenv("ORCH_TOKEN");
    if (env != null && !env.isBlank()) {
      try {
        // The agent's token has this much randomness (it refuses less), so a shorter one is a mistake to name here.
        TokenStrength.require(env.trim(), "ORCH_TOKEN", "Set it to the content of the agent's <state dir>/token.");
      } catch (TokenRefusedException e) {
        throw CliException.badInput(e.getMessage());
      }
      return env.trim();
    }
    return LocalAgent.readToken(stateDir()).orElse(null);
  }

  OrchClient client() {
    return new OrchClient(uri(), token(), Duration.ofSeconds(30));
  }
}
