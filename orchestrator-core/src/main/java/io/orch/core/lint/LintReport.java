package io.orch.core.lint;

import java.util.List;

/** Every finding of one lint run, ordered by service, then rule order. */
public record LintReport(List<Finding> findings) {
  public LintReport {
    findings = List.copyOf(findings);
  }

  /** Whether an error-level rule fired (`orch lint` then exits 1). */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }
}
