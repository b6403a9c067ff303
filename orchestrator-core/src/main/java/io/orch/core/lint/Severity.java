package io.orch.core.lint;

import java.util.Locale;

/** How bad a lint finding is. Only ERROR makes `orch lint` exit 1. */
public enum Severity {
  ERROR, WARNING, INFO;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
