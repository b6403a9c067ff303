package io.orch.agent.docker;

import io.orch.core.engine.EngineException;
import io.orch.core.model.ControlCharacters;
import io.orch.core.model.NameRule;

/**
 * Guards every id or name that becomes a segment of an engine API path. docker-java splices some of them raw
 * ({@code "/networks/" + id} for remove, connect and disconnect; {@code "/containers/" + id} and {@code "/volumes/" +
 * name} for remove), and percent-encoding the others is no protection either: dockerd decodes the path and answers
 * {@code /networks/x%2F..%2Fvictim} with a 301 to {@code /networks/victim}, which the HTTP client follows. So only
 * what the engine itself accepts as an object name or id (the same character set, which needs no encoding) is let
 * through; anything else is refused before a request is made.
 */
final class EnginePath {
  private EnginePath() {}

  static String segment(String operation, String idOrName) {
    if (!NameRule.ENGINE_NAME.accepts(idOrName)) {
      throw new EngineException.Rejected(operation + ": refusing to send \""
          + ControlCharacters.escape(String.valueOf(idOrName)) + "\" to the engine: not an object name or id ("
          + NameRule.ENGINE_NAME.hint() + ")", null);
    }
    return idOrName;
  }
}
