package io.orch.core.load;

import io.orch.core.load.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of one file so that a user sees them all at once, sorted by position; past
 * {@link #MAX_LISTED} they are counted, not kept (a hostile file can hold a duplicate key per line).
 */
final class Diagnostics {
  static final int MAX_LISTED = 500;

  private final String file;
  private final List<Diagnostic> list = new ArrayList<>();
  private int unlistedErrors;
  private int unlistedWarnings;

  Diagnostics(String file) {
    this.file = file;
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
    if (list.size() < MAX_LISTED) {
      list.add(new Diagnostic(severity, file, mark.line(), mark.column(), path, message, hint));
    } else if (severity == Severity.ERROR) {
      unlistedErrors++;
    } else {
      unlistedWarnings++;
    }
  }

  boolean hasErrors() {
    return unlistedErrors > 0 || list.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /** Sorted by position; diagnostics without a position (line 0) come last. Stable for equal positions. */
  List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(list);
    copy.sort(Comparator.comparingInt((Diagnostic d) -> d.line() == 0 ? Integer.MAX_VALUE : d.line())
        .thenComparingInt(Diagnostic::column));
    if (unlistedErrors + unlistedWarnings > 0) {
      copy.add(new Diagnostic(unlistedErrors > 0 ? Severity.ERROR : Severity.WARNING, file, 0, 0, "",
          (unlistedErrors + unlistedWarnings) + " more problem(s) not listed (" + unlistedErrors + " error(s), "
              + unlistedWarnings + " warning(s))", "fix the ones above and load again"));
    }
    return List.copyOf(copy);
  }
}
