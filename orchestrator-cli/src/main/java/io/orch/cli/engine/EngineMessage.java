package io.orch.cli.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;

/**
 * The engine's message without docker-java's wrapping, for the CLI's builds and pulls: docker-java reports
 * {@code Status 404: {"message":"..."}}; the JSON body's {@code message} is what the docker CLI would print. (The
 * agent's EngineErrors reads its engine failures the same way; the CLI has no access to the agent's classes.)
 */
final class EngineMessage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineMessage() {}

  static String of(Throwable failure) {
    String raw = failure.getMessage();
    if (raw == null) {
      Throwable cause = failure.getCause();
      return cause != null && cause != failure ? of(cause) : failure.getClass().getSimpleName();
    }
    int brace = raw.indexOf('{');
    if (failure instanceof DockerException && brace >= 0) {
      try {
        JsonNode body = JSON.readTree(raw.substring(brace));
        if (body != null && body.hasNonNull("message")) {
          return body.get("message").asText();
        }
      } catch (IOException notJson) {
        // keep the raw text
      }
    }
    return raw.strip();
  }
}
