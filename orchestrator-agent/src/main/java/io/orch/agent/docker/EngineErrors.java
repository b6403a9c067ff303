package io.orch.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.StandingFailure;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The one place where docker-java failures become {@link EngineException}s. Classification uses exception types and
 * HTTP status only, never message text; the engine's own message is kept for the user.
 */
final class EngineErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineErrors() {}

  /**
   * Classifies a failed call. {@code NotModifiedException} never gets here: {@link DockerEngine} treats it as success.
   *
   * <ul>
   *   <li>404 -> NotFound, 409 -> Conflict;
   *   <li>other 4xx and client-side refusals (bad spec values) -> Rejected: retrying the same request cannot help;
   *   <li>5xx, I/O errors, timeouts, refused connections -> Unavailable. The 20.10 engine answers 400 for the
   *       permanent start failures (missing executable, bad mount) but 500 for conditions that can clear up
   *       (host port taken, containerd hiccups), so 5xx is retried later with backoff, as DESIGN.md says;
   *   <li>a failed pull -> Rejected whatever the status (the engine answers 500 for an unreachable registry and 404
   *       for an unknown image): the stack names an image this host cannot get, the user has to act.
   * </ul>
   */
  static EngineException translate(String operation, Throwable failure) {
    return translate(operation, failure, null);
  }

  /**
   * As {@link #translate(String, Throwable)}; a failure to reach the engine at all (an I/O error, no HTTP answer)
   * names {@code host} ({@link EngineAddress}), or the message would not say which socket is missing.
   */
  static EngineException translate(String operation, Throwable failure, String host) {
    if (failure instanceof EngineException e) {
      return e;
    }
    String message = operation + ": " + engineMessage(failure);
    if (failure instanceof DockerException docker) {
      if (DockerEngine.OP_IMAGE_PULL.equals(operation)) {
        return new EngineException.Rejected(message, failure, StandingFailure.Kind.IMAGE_UNAVAILABLE);
      }
      if (failure instanceof NotFoundException) {
        return new EngineException.NotFound(message, failure);
      }
      if (failure instanceof ConflictException) {
        return new EngineException.Conflict(message, failure);
      }
      int status = docker.getHttpStatus();
      if (status >= 400 && status < 500) {
        return new EngineException.Rejected(message, failure);
      }
      return new EngineException.Unavailable(message, failure, hostPortTaken(message) ? HOST_PORT_TAKEN : null);
    }
    if (hasIoCause(failure)) {
      return new EngineException.Unavailable(host == null ? message : operation + ": no Docker Engine answers at "
          + EngineAddress.describe(host, System.getenv()) + ": " + engineMessage(failure), failure);
    }
    if (failure instanceof DockerClientException || failure instanceof IllegalArgumentException) {
      return new EngineException.Rejected(message, failure);
    }
    // Unknown runtime failures of the transport (docker-java wraps some I/O problems loosely): assume transient.
    return new EngineException.Unavailable(message, failure);
  }

  private static final StandingFailure.Kind HOST_PORT_TAKEN = StandingFailure.Kind.HOST_PORT_TAKEN;

  /**
   * Whether a refused start says a host port it publishes is taken. The engine answers 500 with no typed signal, so
   * its message is read, here only: "port is already allocated" (another container holds it) or, from the proxy or
   * the kernel, "address already in use" (another program).
   */
  static boolean hostPortTaken(String message) {
    return message != null && (message.contains("port is already allocated")
        || message.contains("address already in use"));
  }

  private static boolean hasIoCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof InterruptedIOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * The engine's message without docker-java's wrapping: docker-java reports {@code Status 404: {"message":"..."}};
   * the JSON body's {@code message} is what the docker CLI would print.
   */
  static String engineMessage(Throwable failure) {
    String raw = failure.getMessage();
    if (raw == null) {
      Throwable cause = failure.getCause();
      return cause != null && cause != failure ? engineMessage(cause) : failure.getClass().getSimpleName();
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
