package io.orch.core.load;

import io.orch.core.load.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of a load so that a user sees them all at once, sorted by file and position; past
 * {@link #MAX_LISTED} they are counted, not kept (a hostile file can hold a duplicate key per line).
 */
final class Diagnostics {
  static final int MAX_LISTED = 500;

  /** What every view of one load shares ({@link #forFile} names another file but adds to the same collection). */
  private static final class Collected {
    final List<Diagnostic> list = new ArrayList<>();
    int unlistedErrors;
    int unlistedWarnings;
  }

  private final String file;
  private final Collected collected;

  Diagnostics(String file) {
    this(file, new Collected());
  }

  private Diagnostics(String file, Collected collected) {
    this.file = file;
    this.collected = collected;
  }

  /** The same collection, naming {@code other} for problems whose position carries no file (e.g. YAML syntax). */
  Diagnostics forFile(String other) {
    return new Diagnostics(other, collected);
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
    keep(new Diagnostic(severity, mark.file() != null ? mark.file() : file, mark.line(), mark.column(), path,
        message, hint));
  }

  /** The text could not be parsed as YAML at all. */
  void notYaml(YamlNode.Mark mark, String message, String hint) {
    keep(new Diagnostic(Severity.ERROR, mark.file() != null ? mark.file() : file, mark.line(), mark.column(), "",
        message, hint, Diagnostic.Kind.NOT_YAML));
  }

  /** An error about the input text itself rather than about what the stack says (see {@link Diagnostic.Kind}). */
  void badInput(YamlNode.Mark mark, String path, String message, String hint) {
    keep(new Diagnostic(Severity.ERROR, mark.file() != null ? mark.file() : file, mark.line(), mark.column(), path,
        message, hint, Diagnostic.Kind.BAD_INPUT));
  }

  private void keep(Diagnostic d) {
    if (collected.list.size() < MAX_LISTED) {
      collected.list.add(d);
    } else if (d.severity() == Severity.ERROR) {
      collected.unlistedErrors++;
    } else {
      collected.unlistedWarnings++;
    }
  }

  /** The errors so far, listed or not. */
  int errorCount() {
    return collected.unlistedErrors
        + (int) collected.list.stream().filter(d -> d.severity() == Severity.ERROR).count();
  }

  boolean hasErrors() {
    return collected.unlistedErrors > 0 || collected.list.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /**
   * Grouped by file (in the order files first appear), then sorted by position; diagnostics without a position
   * (line 0) come last. Stable for equal positions. A last line counts what was not listed.
   */
  List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(collected.list);
    List<String> files = copy.stream().map(Diagnostic::file).distinct().toList();
    copy.sort(Comparator.comparingInt((Diagnostic d) -> files.indexOf(d.file()))
        .thenComparingInt(d -> d.line() == 0 ? Integer.MAX_VALUE : d.line())
        .thenComparingInt(Diagnostic::column));
    int unlisted = collected.unlistedErrors + collected.unlistedWarnings;
    if (unlisted > 0) {
      copy.add(new Diagnostic(collected.unlistedErrors > 0 ? Severity.ERROR : Severity.WARNING, file, 0, 0, "",
          unlisted + " more problem(s) not listed (" + collected.unlistedErrors + " error(s), "
              + collected.unlistedWarnings + " warning(s))", "fix the ones above and load again"));
    }
    return List.copyOf(copy);
  }
}
