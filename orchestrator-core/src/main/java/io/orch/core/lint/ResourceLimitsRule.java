package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/** A service without a memory or CPU limit can starve every other service on the host when it misbehaves. */
public final class ResourceLimitsRule implements LintRule {
  @Override public String id() { return "resource-limits"; }

  @Override public Severity severity() { return Severity.WARNING; }

  @Override public String fix() { return "set deploy.resources.limits.memory and .cpus (or mem_limit and cpus)"; }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    List<String> missing = new ArrayList<>();
    if (svc.resources().memoryBytes() == null) {
      missing.add("memory");
    }
    if (svc.resources().cpus() == null) {
      missing.add("CPU");
    }
    return missing.isEmpty() ? List.of()
        : List.of(new Violation("services." + svc.name(), "no " + String.join(" or ", missing) + " limit"));
  }
}
