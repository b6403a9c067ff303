package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A password written into the stack file ends up in version control, in `docker inspect` and in every backup.
 * Values that come from {@code ${VAR}} interpolation (visible in the file's text) or from an env_file are not flagged.
 */
public final class LiteralSecretRule implements LintRule {
  @Override public String id() { return "literal-secret"; }

  @Override public Severity severity() { return Severity.ERROR; }

  @Override public String fix() {
    return "write NAME: ${NAME} and set it in the environment or an uncommitted .env, or use NAME_FILE with a"
        + " mounted secret";
  }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    List<Violation> found = new ArrayList<>();
    svc.environment().forEach((name, value) -> {
      if (!SecretLikeName.holdsSecretValue(name) || value == null || value.isEmpty()) {
        return;
      }
      Optional<LintContext.EnvLine> line = context.environmentLine(svc.name(), name);
      // Unknown text: judge the value alone. Known text: only what is literally written there counts.
      if (line.isPresent() && (line.get().text().isEmpty() || line.get().text().contains("$"))) {
        return;
      }
      found.add(new Violation("services." + svc.name() + ".environment." + name,
          name + " is written as a literal value in the stack file"));
    });
    return found;
  }
}
