package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.List;

/** privileged gives the container every capability and every device: it is root on the host. */
public final class PrivilegedRule implements LintRule {
  @Override public String id() { return "privileged"; }

  @Override public Severity severity() { return Severity.ERROR; }

  @Override public String fix() { return "remove privileged: and add only the capabilities needed with cap_add"; }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    return svc.privileged()
        ? List.of(new Violation("services." + svc.name() + ".privileged", "runs privileged (root on the host)"))
        : List.of();
  }
}
