package io.orch.core.lint;

import io.orch.core.load.LoadResult;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a stack for what hurts in production (unpinned images, root, no limits, host access, literal secrets) and
 * says where each offending key is. A pure function of the model, the loader's key locations and the file's text.
 */
public final class Linter {
  private final List<LintRule> rules;

  public Linter() {
    this(defaultRules());
  }

  public Linter(List<LintRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Every rule orch ships, in report order. */
  public static List<LintRule> defaultRules() {
    return List.of(new ImageTagRule(), new HealthCheckRule(), new ResourceLimitsRule(), new RootUserRule(),
        new PrivilegedRule(), new HostNetworkRule(), new HostMountRule(), new LiteralSecretRule(),
        new PublicDatabasePortRule());
  }

  public List<LintRule> rules() {
    return rules;
  }

  /** Lints a loaded stack with file:line for each finding; {@code source} tells literal values from ${VAR}. */
  public LintReport lint(LoadResult loaded, SourceText source) {
    return lint(loaded.stack(), new LintContext(loaded.locations(), source));
  }

  /** Lints a stack built in memory: no locations, and every secret-looking value counts as literal. */
  public LintReport lint(Stack stack) {
    return lint(stack, LintContext.empty());
  }

  public LintReport lint(Stack stack, LintContext context) {
    List<Finding> findings = new ArrayList<>();
    for (ServiceSpec svc : stack.services().values()) {
      for (LintRule rule : rules) {
        for (Violation v : rule.check(svc, context)) {
          findings.add(new Finding(rule.id(), rule.severity(), svc.name(), v.path(), v.message(), rule.fix(),
              context.locate(v.path()).orElse(null)));
        }
      }
    }
    return new LintReport(findings);
  }
}
