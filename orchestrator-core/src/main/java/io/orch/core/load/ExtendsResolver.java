package io.orch.core.load;

import io.orch.core.load.ComposeFiles.Origin;
import io.orch.core.load.YamlNode.Entry;
import io.orch.core.load.YamlNode.Mapping;
import io.orch.core.load.YamlNode.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code extends:} ({@code extends: base} or {@code {service: base, file: common.yaml}}): the extended
 * service, itself resolved first (chains cross files and folders), is merged under the service with Compose's merge
 * rules. A service from another file brings its relative paths made absolute against that file's folder. A cycle is
 * an error that names the chain.
 */
final class ExtendsResolver {
  private static final String EXAMPLE = "extends: {service: base, file: common.yaml}";

  private final ComposeFiles files;
  private final Map<String, YamlNode> resolved = new HashMap<>();
  private final List<String> chain = new ArrayList<>();
  private final List<String> chainNames = new ArrayList<>();

  ExtendsResolver(ComposeFiles files) {
    this.files = files;
  }

  /** The root with every service's extends: resolved (and removed). */
  Mapping apply(Mapping root, Origin origin) {
    Entry servicesEntry = root.entries().get("services");
    if (servicesEntry == null || !(servicesEntry.value() instanceof Mapping services)) {
      return root;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    services.entries().forEach((name, e) -> out.put(name, e.withValue(resolve(services, name, origin))));
    Map<String, Entry> entries = new LinkedHashMap<>(root.entries());
    entries.put("services", servicesEntry.withValue(new Mapping(out, services.mark(), services.path())));
    return new Mapping(entries, root.mark(), root.path());
  }

  private YamlNode resolve(Mapping services, String name, Origin origin) {
    YamlNode service = services.get(name);
    if (!(service instanceof Mapping own) || !own.entries().containsKey("extends")) {
      return service;
    }
    String key = origin.identity() + "#" + name;
    if (resolved.containsKey(key)) {
      return resolved.get(key);
    }
    YamlNode extendsNode = own.get("extends");
    Mapping withoutExtends = without(own, "extends");
    int at = chain.indexOf(key);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(chainNames.subList(at, chainNames.size()));
      cycle.add(label(origin, name));
      files.diagnostics().error(extendsNode, "extends cycle: " + String.join(" -> ", cycle),
          "a service cannot extend itself, directly or through others");
      return withoutExtends;
    }
    chain.add(key);
    chainNames.add(label(origin, name));
    try {
      YamlNode base = base(extendsNode, services, origin);
      YamlNode result = base == null ? withoutExtends : ComposeMerge.service(base, withoutExtends, name);
      resolved.put(key, result);
      return result;
    } finally {
      chain.remove(chain.size() - 1);
      chainNames.remove(chainNames.size() - 1);
    }
  }

  /** The extended service, resolved; null (reported) when it cannot be found. */
  private YamlNode base(YamlNode extendsNode, Mapping services, Origin origin) {
    Diagnostics diagnostics = files.diagnostics();
    YamlNode serviceNode;
    YamlNode fileNode = null;
    if (extendsNode instanceof Scalar s && !s.isNull()) {
      serviceNode = s;
    } else if (extendsNode instanceof Mapping m) {
      m.entries().forEach((k, e) -> {
        if (!k.equals("service") && !k.equals("file")) {
          diagnostics.add(Diagnostic.Severity.ERROR, e.keyMark(), e.value().path(), "unknown extends key " + k,
              "extends has service and file");
        }
      });
      serviceNode = m.get("service");
      fileNode = m.get("file");
    } else {
      diagnostics.error(extendsNode, "extends must be a service name or a mapping, found "
          + ReadContext.describe(extendsNode), EXAMPLE);
      return null;
    }
    if (!(serviceNode instanceof Scalar service) || service.isNull()) {
      diagnostics.error(extendsNode, "extends needs the name of the service to extend", EXAMPLE);
      return null;
    }
    if (ReadContext.isNull(fileNode)) {
      if (!services.entries().containsKey(service.text())) {
        diagnostics.error(serviceNode, "extends service " + service.text() + ", which " + origin.name()
            + " does not define", "name a service of this file, or add file: with the file that defines it");
        return null;
      }
      return resolve(services, service.text(), origin);
    }
    if (!(fileNode instanceof Scalar file)) {
      diagnostics.error(fileNode, "extends file must be a path, found " + ReadContext.describe(fileNode), EXAMPLE);
      return null;
    }
    if (origin.dir() == null) {
      diagnostics.error(fileNode, "extends file needs files on disk, but " + origin.name()
          + " was not loaded from a file", "run orch with -f FILE: the CLI resolves extends: and submits the result");
      return null;
    }
    Path path = origin.dir().resolve(file.text()).normalize();
    Origin other = new Origin(files.display(path), path, path.getParent(), origin.variables());
    YamlNode root = files.rawFile(other, fileNode);
    if (root == null) {
      return null;
    }
    if (!(root instanceof Mapping m) || !(m.get("services") instanceof Mapping otherServices)
        || !otherServices.entries().containsKey(service.text())) {
      diagnostics.error(serviceNode, "extends service " + service.text() + ", which " + other.name()
          + " does not define", "name a service defined under services: in " + other.name());
      return null;
    }
    return RelativePaths.ofService(resolve(otherServices, service.text(), other), other.dir());
  }

  private static String label(Origin origin, String service) {
    return origin.name() + " services." + service;
  }

  private static Mapping without(Mapping m, String key) {
    Map<String, Entry> out = new LinkedHashMap<>(m.entries());
    out.remove(key);
    return new Mapping(out, m.mark(), m.path());
  }
}
