package io.orch.core.lint;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How bad a lint finding is. Only ERROR makes `orch lint` exit 1. */
public enum Severity {
  ERROR, WARNING, INFO;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
