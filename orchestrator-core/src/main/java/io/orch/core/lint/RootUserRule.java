package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.List;

/** A process running as root turns any escape from the container into root on the host. */
public final class RootUserRule implements LintRule {
  @Override public String id() { return "root-user"; }

  @Override public Severity severity() { return Severity.WARNING; }

  @Override public String fix() { return "set user: to a non-root uid (user: \"1000:1000\")"; }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    String user = svc.user();
    if (user == null) {
      return List.of(new Violation("services." + svc.name(), "no user: runs as root unless the image sets a USER"));
    }
    String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    if (uid.equals("root") || uid.equals("0")) {
      return List.of(new Violation("services." + svc.name() + ".user", "runs as root (user: " + user + ")"));
    }
    return List.of();
  }
}
