package io.orch.core.load;

/** Where a key sits in a stack file (1-based). */
public record SourceLocation(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
