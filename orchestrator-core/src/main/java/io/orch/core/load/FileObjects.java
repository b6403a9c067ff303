package io.orch.core.load;

import io.orch.core.model.FileMount;
import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins each service's secrets and configs to their top-level definitions. A service naming an undeclared or unusable
 * one is an error where it names it: the service would otherwise start without a file it reads (Compose refuses too).
 */
final class FileObjects {
  private final Diagnostics diagnostics;
  private final Locations locations;
  private final Map<String, YamlNode> references;

  FileObjects(Diagnostics diagnostics, Locations locations, Map<String, YamlNode> references) {
    this.diagnostics = diagnostics;
    this.locations = locations;
    this.references = references;
  }

  Map<String, ServiceSpec> resolve(Map<String, ServiceSpec> services,
      Map<String, FileObjectReader.Declared> secrets, Map<String, FileObjectReader.Declared> configs) {
    Map<String, ServiceSpec> out = new LinkedHashMap<>();
    Map<FileObjectReader.Declared, Set<String>> users = new LinkedHashMap<>();
    services.forEach((name, s) -> {
      ServiceSpec joined = s.toBuilder()
          .secrets(join(s.name(), s.secrets(), secrets, "secrets", users))
          .configs(join(s.name(), s.configs(), configs, "configs", users))
          .build();
      checkTargets(joined);
      if (s.readOnly()) {
        checkReadOnly(joined, "secrets", joined.secrets());
        checkReadOnly(joined, "configs", joined.configs());
      }
      out.put(name, joined);
    });
    report(secrets, users);
    report(configs, users);
    return out;
  }

  /**
   * One diagnostic per declaration, naming the services that use it: an error when it cannot be used (external, an
   * unset variable, a relative file without a folder), a warning for a file that does not exist yet or an external
   * one nobody uses.
   */
  private void report(Map<String, FileObjectReader.Declared> declared,
      Map<FileObjectReader.Declared, Set<String>> users) {
    for (FileObjectReader.Declared d : declared.values()) {
      if (d.problem() == null) {
        continue;
      }
      Set<String> by = users.getOrDefault(d, Set.of());
      if (by.isEmpty()) {
        if (d.external()) {
          diagnostics.add(Diagnostic.Severity.WARNING, d.at().mark(), d.at().path(), d.problem()
              + "; no service uses it", d.hint());
        }
        continue;
      }
      String services = (by.size() == 1 ? "service " : "services ") + String.join(", ", by);
      if (d.from() == null) {
        diagnostics.add(Diagnostic.Severity.ERROR, d.at().mark(), d.at().path(), d.problem() + " (used by "
            + services + ")", d.hint());
      } else {
        diagnostics.add(Diagnostic.Severity.WARNING, d.at().mark(), d.at().path(), d.problem() + ": " + services
            + " cannot start until it exists", d.hint());
      }
    }
  }

  /** Two files at one path: one would silently hide the other. */
  private void checkTargets(ServiceSpec s) {
    Map<String, String> byTarget = new LinkedHashMap<>();
    List<FileMount> all = new ArrayList<>(s.secrets());
    all.addAll(s.configs());
    for (FileMount m : all) {
      String previous = byTarget.putIfAbsent(m.target(), m.source());
      if (previous != null) {
        String path = "services." + s.name() + "." + (m.kind() == FileMount.Kind.SECRET ? "secrets" : "configs");
        diagnostics.add(Diagnostic.Severity.ERROR, locations.of(path), path, "service " + s.name() + " gets "
            + previous + " and " + m.source() + " at the same path " + m.target(), "give one of them another target");
      }
    }
  }

  /**
   * The engine refuses to copy files into a read-only root filesystem: a file source is bind-mounted instead (its
   * uid, gid and mode cannot apply), an inline one has no file to mount.
   */
  private void checkReadOnly(ServiceSpec s, String key, List<FileMount> mounts) {
    for (FileMount m : mounts) {
      YamlNode ref = references.get(ReadContext.reference(key, s.name(), m.source()));
      String path = "services." + s.name() + "." + key;
      YamlNode.Mark mark = ref != null ? ref.mark() : locations.of(path);
      if (m.from().file() == null) {
        diagnostics.add(Diagnostic.Severity.ERROR, mark, path, key.substring(0, key.length() - 1) + " " + m.source()
            + " has no file to mount, and service " + s.name() + " has a read-only root filesystem the engine cannot"
            + " copy it into", "declare it with file:, or remove read_only: true");
      } else if (m.uid() != null || m.gid() != null || m.mode() != null) {
        diagnostics.add(Diagnostic.Severity.WARNING, mark, path, "uid, gid and mode of " + m.source()
            + " are ignored: with read_only: true it is a bind mount of the host file, which keeps the file's own",
            "set the host file's owner and mode, or remove read_only: true");
      }
    }
  }

  private List<FileMount> join(String service, List<FileMount> mounts, Map<String, FileObjectReader.Declared> declared,
      String key, Map<FileObjectReader.Declared, Set<String>> users) {
    List<FileMount> out = new ArrayList<>();
    for (FileMount m : mounts) {
      FileObjectReader.Declared d = declared.get(m.source());
      if (d == null) {
        String path = "services." + service + "." + key;
        YamlNode ref = references.get(ReadContext.reference(key, service, m.source()));
        YamlNode.Mark mark = ref != null ? ref.mark() : locations.of(path);
        diagnostics.add(Diagnostic.Severity.ERROR, mark, path, "service " + service + " refers to undefined "
            + key.substring(0, key.length() - 1) + " " + m.source(), "declare it under the top-level " + key
            + ": key; declared: " + declared.keySet());
        continue;
      }
      users.computeIfAbsent(d, x -> new TreeSet<>()).add(service);
      if (d.from() != null) {
        out.add(new FileMount(m.kind(), m.source(), m.target(), m.uid(), m.gid(), m.mode(), d.from()));
      }
    }
    return out;
  }
}
