package io.orch.cli;

import io.orch.core.lint.LintReport;
import io.orch.core.lint.Linter;
import io.orch.core.lint.SourceText;
import io.orch.core.load.LoadResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The lint findings `orch up` shows before it submits. They never stop `up` (`orch lint` is the gate), and someone who
 * read them once can turn them off: {@code --no-lint}, or {@code ORCH_NO_LINT} set to anything but {@code 0},
 * {@code false} or empty (for a shell profile or a CI job).
 */
final class UpLint {
  static final String ENV = "ORCH_NO_LINT";

  private UpLint() {}

  /** Whether `up` lints: not with {@code --no-lint}, nor with {@link #ENV} set to a true-ish value. */
  static boolean enabled(boolean noLintFlag, Map<String, String> env) {
    if (noLintFlag) {
      return false;
    }
    String value = env.get(ENV);
    if (value == null) {
      return true;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.isEmpty() || v.equals("0") || v.equals("false") || v.equals("no");
  }

  /** Prints the findings on {@code err}, if any, with how to silence them. */
  static void print(LoadResult loaded, PrintWriter err) {
    LintReport report = new Linter().lint(loaded, SourceText.fromFiles());
    if (!report.findings().isEmpty()) {
      err.println("lint: " + report.findings().size() + " finding(s) (`orch lint` explains; they do not stop `up`;"
          + " --no-lint or " + ENV + "=1 hides them):");
      report.findings().forEach(f -> err.println("  " + f));
      err.flush();
    }
  }
}
