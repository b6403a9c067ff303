package io.orch.core.lint;

import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import java.util.List;

/**
 * Without a health check orch (and Kubernetes) can only tell that the process runs, not that it serves: a hung
 * service is never replaced and a rollout cannot wait for the new version to work. One-shot services are exempt.
 */
public final class HealthCheckRule implements LintRule {
  @Override public String id() { return "healthcheck"; }

  @Override public Severity severity() { return Severity.WARNING; }

  @Override public String fix() { return "add a healthcheck: with a test that proves the service answers"; }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    if (svc.restartPolicy().condition() == RestartPolicy.Condition.NONE) {
      return List.of();
    }
    if (svc.healthcheck() == null) {
      return List.of(new Violation("services." + svc.name(), "no health check (unless the image has a HEALTHCHECK)"));
    }
    if (svc.healthcheck().disabled()) {
      return List.of(new Violation("services." + svc.name() + ".healthcheck", "the health check is disabled"));
    }
    return List.of();
  }
}
