package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.List;

/** One lint rule: a stable id (used in output and docs/lint.md), a severity, a fix hint, and a check per service. */
public interface LintRule {
  String id();

  Severity severity();

  /** How to fix it, in one line. */
  String fix();

  List<Violation> check(ServiceSpec service, LintContext context);
}
