package io.orch.core.load;

/**
 * One problem found while loading a stack file: where (file, 1-based line and column, key path such as
 * {@code services.web.ports[0]}), what, and how to fix it. Line/column are 0 when unknown (e.g. a missing key).
 */
public record Diagnostic(Severity severity, String file, int line, int column, String path, String message,
    String hint, Kind kind) {
  public enum Severity { ERROR, WARNING }

  /**
   * What kind of problem: {@code STACK} for what a stack may not say (the API's 422), {@code BAD_INPUT} for text that
   * is not acceptable input at all, such as a control character in a value (the API's 400).
   */
  public enum Kind {
    STACK,
    BAD_INPUT,
    /** The text is not YAML (nor JSON) at all: nothing could be read from it. */
    NOT_YAML
  }

  public Diagnostic(Severity severity, String file, int line, int column, String path, String message, String hint) {
    this(severity, file, line, column, path, message, hint, Kind.STACK);
  }

  /** {@code stack.yml:12:7: error: services.web.ports[0]: ... (hint: ...)} */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(file);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ");
    if (path != null && !path.isEmpty()) {
      sb.append(path).append(": ");
    }
    sb.append(message);
    if (hint != null && !hint.isEmpty()) {
      sb.append(" (hint: ").append(hint).append(')');
    }
    return sb.toString();
  }
}
