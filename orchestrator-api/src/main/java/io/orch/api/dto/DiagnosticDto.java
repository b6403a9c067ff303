package io.orch.api.dto;

import io.orch.core.load.Diagnostic;

/**
 * A loader diagnostic on the wire, as one entry of an error's {@code details}. {@code severity} is
 * {@code error} or {@code warning}; line and column are 0 when unknown.
 */
public record DiagnosticDto(String file, int line, int column, String path, String message, String hint,
    String severity) {

  public static DiagnosticDto from(Diagnostic d) {
    String severity = d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning";
    return new DiagnosticDto(d.file(), d.line(), d.column(), d.path(), d.message(), d.hint(), severity);
  }
}
