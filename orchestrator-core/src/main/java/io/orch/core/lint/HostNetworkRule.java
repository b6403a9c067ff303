package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.List;

/** network_mode: host removes network isolation: the service sees and binds every host interface and port. */
public final class HostNetworkRule implements LintRule {
  @Override public String id() { return "host-network"; }

  @Override public Severity severity() { return Severity.WARNING; }

  @Override public String fix() { return "use stack networks and publish only the ports needed"; }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    return "host".equals(svc.networkMode())
        ? List.of(new Violation("services." + svc.name() + ".network_mode", "shares the host's network stack"))
        : List.of();
  }
}
