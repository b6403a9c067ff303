package io.orch.api.server;

import java.util.List;

/**
 * A failure with an HTTP status and a stable machine-readable code, rendered as the API's error JSON. Handlers and
 * the {@link OrchBackend} throw it; anything else that escapes becomes a generic 500.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<Object> details;

  public ApiException(int status, String code, String message, List<?> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public static ApiException badRequest(String message, List<?> details) {
    return new ApiException(400, "bad_request", message, details);
  }

  public static ApiException badRequest(String message) {
    return badRequest(message, List.of());
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public static ApiException payloadTooLarge(long maxBytes) {
    return new ApiException(413, "payload_too_large", "request body exceeds " + maxBytes + " bytes");
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "unsupported_media_type", message);
  }

  /** An invalid stack: {@code details} carries one diagnostic per problem. */
  public static ApiException invalidStack(String message, List<?> details) {
    return new ApiException(422, "invalid_stack", message, details);
  }

  public static ApiException unprocessable(String message, List<?> details) {
    return new ApiException(422, "unprocessable", message, details);
  }

  /**
   * The agent could not store the change (state dir full, read-only, not writable). 507, not 503: 503 means the
   * Docker Engine does not answer, and a retry does not help here until a person frees space or fixes the dir.
   */
  public static ApiException insufficientStorage(String message) {
    return new ApiException(507, "insufficient_storage", message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<Object> details() {
    return details;
  }
}
