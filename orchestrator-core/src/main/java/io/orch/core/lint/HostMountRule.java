package io.orch.core.lint;

import io.orch.core.model.MountSpec;
import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Mounting the Docker socket or the host's root lets the container take over the host. */
public final class HostMountRule implements LintRule {
  private static final Set<String> SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock");

  @Override public String id() { return "host-mount"; }

  @Override public Severity severity() { return Severity.ERROR; }

  @Override public String fix() {
    return "mount only the host paths needed; for the Docker API use a socket proxy that allows read-only calls";
  }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    List<Violation> found = new ArrayList<>();
    for (int i = 0; i < svc.volumes().size(); i++) {
      MountSpec m = svc.volumes().get(i);
      if (m.type() != MountSpec.Type.BIND || m.source() == null) {
        continue;
      }
      String source = m.source().length() > 1 ? m.source().replaceAll("/+$", "") : m.source();
      String path = "services." + svc.name() + ".volumes[" + i + "]";
      if (SOCKETS.contains(source)) {
        found.add(new Violation(path, "mounts the Docker socket " + source + (m.readOnly() ? " (read-only does"
            + " not help: the API still allows everything)" : "") + ": full control of the engine, root on the host"));
      } else if (source.equals("/")) {
        found.add(new Violation(path, "mounts the host's root filesystem"));
      }
    }
    return found;
  }
}
