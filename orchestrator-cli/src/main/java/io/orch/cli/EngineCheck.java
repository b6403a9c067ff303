package io.orch.cli;

import io.orch.api.client.OrchClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an agent reaches its Docker Engine, from its {@code /readyz} reason (the agent's reasons about the engine
 * start with "engine not": not reachable, not answering; they name the socket or host, see EngineAddress). An agent
 * without an engine answers its API but can do nothing: a user must hear so at once, with what to do, not
 * "Docker Engine: null".
 */
final class EngineCheck {
  private static final Duration POLL = Duration.ofMillis(200);

  private EngineCheck() {}

  /**
   * The agent's engine problem, waiting up to {@code wait} for the agent to know (its first ping or listing); empty
   * once it is ready, or when it still does not know after {@code wait}.
   */
  static Optional<String> engineProblem(OrchClient client, Duration wait) throws InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    while (true) {
      Optional<String> reason = client.notReadyReason();
      if (reason.isEmpty()) {
        return Optional.empty();
      }
      if (isAboutTheEngine(reason.get())) {
        return reason;
      }
      if (Instant.now().isAfter(deadline)) {
        return Optional.empty();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  static boolean isAboutTheEngine(String readinessReason) {
    return readinessReason.startsWith("engine not ");
  }

  /** What to do about it, after the agent's reason. */
  static String advice(String readinessReason) {
    return "the Docker Engine does not answer (" + readinessReason + "): start it (e.g. `sudo systemctl start"
        + " docker`) or point DOCKER_HOST at a running engine";
  }
}
