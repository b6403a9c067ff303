package io.orch.api.dto;

import java.util.List;

/**
 * The one error shape of the API: {@code {"error": {"code": "...", "message": "...", "details": [...]}}}.
 * A detail is a string or an object (for an invalid stack, one {@link DiagnosticDto} per problem).
 */
public record ErrorDto(Body error) {

  public static ErrorDto of(String code, String message, List<?> details) {
    return new ErrorDto(new Body(code, message, details == null ? null : List.<Object>copyOf(details)));
  }

  /** The content of {@code error}; {@code details} is never null. */
  public record Body(String code, String message, List<Object> details) {
    public Body {
      details = details == null ? List.of() : List.copyOf(details);
    }
  }
}
