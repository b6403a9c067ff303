package io.orch.core.load;

import io.orch.core.model.Dependency;
import io.orch.core.model.MountSpec;
import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-reference checks over the read services: depends_on targets exist and are enabled, no dependency cycle,
 * every network and named volume a service uses is declared. Drops non-required dependencies on absent services
 * (Compose's behaviour) and reports them as warnings.
 */
final class StackValidator {
  private final Diagnostics diagnostics;
  private final Locations locations;
  private final Map<String, YamlNode> references;

  StackValidator(Diagnostics diagnostics, Locations locations, Map<String, YamlNode> references) {
    this.diagnostics = diagnostics;
    this.locations = locations;
    this.references = references;
  }

  /** The enabled services, with dependencies on absent non-required services removed. */
  Map<String, ServiceSpec> validate(Map<String, ServiceSpec> enabled, Map<String, ServiceSpec> all,
      Set<String> networks, Set<String> volumes) {
    Map<String, ServiceSpec> out = new LinkedHashMap<>();
    enabled.forEach((name, s) -> out.put(name, checkDependencies(s, enabled, all)));
    out.values().forEach(s -> checkNetworks(s, networks));
    out.values().forEach(s -> checkVolumes(s, volumes));
    findCycle(out);
    return out;
  }

  private ServiceSpec checkDependencies(ServiceSpec s, Map<String, ServiceSpec> enabled,
      Map<String, ServiceSpec> all) {
    Map<String, Dependency> kept = new LinkedHashMap<>();
    s.dependsOn().forEach((dep, d) -> {
      String path = "services." + s.name() + ".depends_on";
      YamlNode.Mark mark = markOfDependency(s.name(), dep);
      if (enabled.containsKey(dep)) {
        kept.put(dep, d);
        return;
      }
      boolean defined = all.containsKey(dep);
      String why = defined ? "service " + dep + " is not enabled (profiles " + all.get(dep).profiles() + ")"
          : "service " + dep + " is not defined";
      if (!d.required()) {
        diagnostics.add(Diagnostic.Severity.WARNING, mark, path, "depends on " + dep + ", but " + why
            + "; ignored because required: false", null);
        return;
      }
      diagnostics.add(Diagnostic.Severity.ERROR, mark, path, "depends on " + dep + ", but " + why,
          defined ? "activate one of its profiles (--profile or COMPOSE_PROFILES)"
              : "define service " + dep + " or remove it from depends_on; defined: " + enabled.keySet());
    });
    return s.withDependsOn(kept);
  }

  private YamlNode.Mark markOfDependency(String service, String dep) {
    YamlNode node = references.get(ReadContext.reference("depends_on", service, dep));
    return node != null ? node.mark() : locations.of("services." + service + ".depends_on");
  }

  private void checkNetworks(ServiceSpec s, Set<String> declared) {
    for (String net : s.networks().keySet()) {
      if (!net.equals("default") && !declared.contains(net)) {
        String base = "services." + s.name() + ".networks";
        YamlNode ref = references.get(ReadContext.reference("networks", s.name(), net));
        YamlNode.Mark mark = ref != null ? ref.mark() : locations.of(base);
        diagnostics.add(Diagnostic.Severity.ERROR, mark, base, "service " + s.name()
            + " refers to undefined network " + net, "declare it under the top-level networks: key");
      }
    }
  }

  private void checkVolumes(ServiceSpec s, Set<String> declared) {
    List<MountSpec> mounts = s.volumes();
    for (int i = 0; i < mounts.size(); i++) {
      MountSpec m = mounts.get(i);
      if (m.type() == MountSpec.Type.VOLUME && m.source() != null && !declared.contains(m.source())) {
        String path = "services." + s.name() + ".volumes[" + i + "]";
        diagnostics.add(Diagnostic.Severity.ERROR, locations.of(path), path, "service " + s.name()
            + " refers to undefined volume " + m.source(), "declare it under the top-level volumes: key, or use "
            + "./" + m.source() + " for a bind mount");
      }
    }
  }

  private void findCycle(Map<String, ServiceSpec> services) {
    Set<String> done = new HashSet<>();
    for (String start : services.keySet()) {
      List<String> stack = new ArrayList<>();
      if (visit(start, services, done, stack)) {
        return; // one cycle report is enough; it names every member
      }
    }
  }

  private boolean visit(String name, Map<String, ServiceSpec> services, Set<String> done, List<String> stack) {
    int at = stack.indexOf(name);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
      cycle.add(name);
      String path = "services." + name + ".depends_on";
      diagnostics.add(Diagnostic.Severity.ERROR, locations.of(path), path,
          "dependency cycle: " + String.join(" -> ", cycle), "remove one of these depends_on entries");
      return true;
    }
    if (!done.add(name) || !services.containsKey(name)) {
      return false;
    }
    stack.add(name);
    for (String dep : services.get(name).dependsOn().keySet()) {
      if (visit(dep, services, done, stack)) {
        return true;
      }
    }
    stack.remove(stack.size() - 1);
    return false;
  }
}
