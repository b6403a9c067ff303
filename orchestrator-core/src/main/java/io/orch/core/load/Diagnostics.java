package io.orch.core.load;

import io.orch.core.load.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one file so that a user sees them all at once, sorted by position. */
final class Diagnostics {
  private final String file;
  private final List<Diagnostic> list;

  Diagnostics(String file) {
    this(file, new ArrayList<>());
  }

  private Diagnostics(String file, List<Diagnostic> list) {
    this.file = file;
    this.list = list;
  }

  /** The same collection, naming {@code other} for problems whose position carries no file (e.g. YAML syntax). */
  Diagnostics forFile(String other) {
    return new Diagnostics(other, list);
  }

  String file() {
    return file;
  }

  void error(YamlNode at, String message, String hint) {
    add(Severity.ERROR, at.mark(), at.path(), message, hint);
  }

  void warning(YamlNode at, String message, String hint) {
    add(Severity.WARNING, at.mark(), at.path(), message, hint);
  }

  void add(Severity severity, YamlNode.Mark mark, String path, String message, String hint) {
    list.add(new Diagnostic(severity, mark.file() != null ? mark.file() : file, mark.line(), mark.column(), path,
        message, hint));
  }

  /** An error about the input text itself rather than about what the stack says (see {@link Diagnostic.Kind}). */
  void badInput(YamlNode.Mark mark, String path, String message, String hint) {
    list.add(new Diagnostic(Severity.ERROR, file, mark.line(), mark.column(), path, message, hint,
        Diagnostic.Kind.BAD_INPUT));
  }

  boolean hasErrors() {
    return list.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /**
   * Grouped by file (in the order files first appear), then sorted by position; diagnostics without a position
   * (line 0) come last. Stable for equal positions.
   */
  List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(list);
    List<String> files = copy.stream().map(Diagnostic::file).distinct().toList();
    copy.sort(Comparator.comparingInt((Diagnostic d) -> files.indexOf(d.file()))
        .thenComparingInt(d -> d.line() == 0 ? Integer.MAX_VALUE : d.line())
        .thenComparingInt(Diagnostic::column));
    return List.copyOf(copy);
  }
}
