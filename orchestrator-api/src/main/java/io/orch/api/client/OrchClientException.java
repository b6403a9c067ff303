package io.orch.api.client;

import io.orch.api.dto.DiagnosticDto;
import java.util.List;

/**
 * The agent answered with an error. Carries the HTTP status and the error JSON's code, message and details;
 * {@link #diagnostics()} holds the details that are loader diagnostics (an invalid stack), ready to print.
 */
public class OrchClientException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<Object> details;
  private final List<DiagnosticDto> diagnostics;

  public OrchClientException(int status, String code, String message, List<Object> details,
      List<DiagnosticDto> diagnostics) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
    this.diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Each detail as sent: a String, or a Map for an object. */
  public List<Object> details() {
    return details;
  }

  public List<DiagnosticDto> diagnostics() {
    return diagnostics;
  }
}
