package io.orch.core.lint;

import io.orch.core.load.SourceLocation;

/** One lint finding; {@code location} is null when the loader did not record where the key is. */
public record Finding(
    String rule, Severity severity, String service, String path, String message, String fix,
    SourceLocation location) {

  /** {@code stack.yml:12:7: error [privileged] services.web.privileged: ... (fix: ...)} */
  @Override
  public String toString() {
    return (location == null ? "" : location + ": ") + severity.label() + " [" + rule + "] " + path + ": "
        + message + " (fix: " + fix + ")";
  }
}
