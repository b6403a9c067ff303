package io.orch.core.load;

import io.orch.core.load.YamlNode.Entry;
import io.orch.core.load.YamlNode.Mapping;
import io.orch.core.load.YamlNode.Scalar;
import io.orch.core.load.YamlNode.Sequence;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the relative paths of a tree absolute against the folder of the file that declares them, as compose-go does
 * for included files and for a service extended from another file: once merged into the including file, a relative
 * {@code env_file}, bind mount source, build context or secret file would otherwise point into the wrong folder.
 */
final class RelativePaths {
  private RelativePaths() {}

  /** Every path of a file's root: its services, and the {@code file:} of top-level secrets and configs. */
  static Mapping ofFile(Mapping root, Path dir) {
    Map<String, Entry> out = new LinkedHashMap<>(root.entries());
    replace(out, "services", services -> eachValue(services, s -> ofService(s, dir)));
    for (String kind : List.of("secrets", "configs")) {
      replace(out, kind, objects -> eachValue(objects, o -> o instanceof Mapping m
          ? with(m, "file", f -> absolute(f, dir)) : o));
    }
    return new Mapping(out, root.mark(), root.path());
  }

  /** The paths of one service: env_file, label_file, bind mount sources and the build context. */
  static YamlNode ofService(YamlNode service, Path dir) {
    if (!(service instanceof Mapping m)) {
      return service;
    }
    Mapping out = with(m, "env_file", n -> eachItem(n, item -> item instanceof Mapping e
        ? with(e, "path", p -> absolute(p, dir)) : absolute(item, dir)));
    out = with(out, "label_file", n -> eachItem(n, item -> absolute(item, dir)));
    out = with(out, "volumes", n -> eachItem(n, v -> volume(v, dir)));
    return with(out, "build", b -> build(b, dir));
  }

  private static YamlNode build(YamlNode build, Path dir) {
    if (build instanceof Scalar s) {
      return remote(s.text()) ? s : absolute(s, dir);
    }
    if (!(build instanceof Mapping m)) {
      return build;
    }
    if (m.get("context") == null) {
      // The default context "." is the declaring file's folder: say so before the service moves to another file.
      Map<String, Entry> entries = new LinkedHashMap<>(m.entries());
      entries.put("context", new Entry("context", m.mark(), new Scalar(dir.toString(), YamlNode.Kind.STRING,
          m.mark(), YamlNode.child(m.path(), "context"))));
      return new Mapping(entries, m.mark(), m.path());
    }
    return with(m, "context", c -> c instanceof Scalar s && remote(s.text()) ? c : absolute(c, dir));
  }

  private static YamlNode volume(YamlNode volume, Path dir) {
    if (volume instanceof Mapping m) {
      YamlNode type = m.get("type");
      boolean bind = type == null || (type instanceof Scalar t && t.text().equals("bind"));
      return bind ? with(m, "source", s -> s instanceof Scalar sc && isRelative(sc.text()) ? absolute(s, dir) : s)
          : m;
    }
    if (volume instanceof Scalar s) {
      int colon = s.text().indexOf(':');
      String source = colon < 0 ? null : s.text().substring(0, colon);
      if (source != null && isRelative(source)) {
        return new Scalar(dir.resolve(source).normalize() + s.text().substring(colon), s.kind(), s.mark(), s.path());
      }
    }
    return volume;
  }

  /** A bind source is a path when it starts with '.' (named volumes cannot); '~' stays for VolumeParser. */
  private static boolean isRelative(String source) {
    return source.equals(".") || source.equals("..") || source.startsWith("./") || source.startsWith("../");
  }

  private static boolean remote(String context) {
    return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
  }

  private static YamlNode absolute(YamlNode node, Path dir) {
    if (!(node instanceof Scalar s) || s.isNull() || Path.of(s.text()).isAbsolute()) {
      return node;
    }
    return new Scalar(dir.resolve(s.text()).normalize().toString(), YamlNode.Kind.STRING, s.mark(), s.path());
  }

  private static YamlNode eachItem(YamlNode node, java.util.function.UnaryOperator<YamlNode> f) {
    if (node instanceof Sequence s) {
      return new Sequence(s.items().stream().map(f).toList(), s.mark(), s.path());
    }
    return node instanceof Scalar sc && sc.isNull() ? node : f.apply(node);
  }

  private static YamlNode eachValue(YamlNode node, java.util.function.UnaryOperator<YamlNode> f) {
    if (!(node instanceof Mapping m)) {
      return node;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    m.entries().forEach((k, e) -> out.put(k, e.withValue(f.apply(e.value()))));
    return new Mapping(out, m.mark(), m.path());
  }

  private static Mapping with(Mapping m, String key, java.util.function.UnaryOperator<YamlNode> f) {
    Map<String, Entry> out = new LinkedHashMap<>(m.entries());
    replace(out, key, f);
    return new Mapping(out, m.mark(), m.path());
  }

  private static void replace(Map<String, Entry> entries, String key, java.util.function.UnaryOperator<YamlNode> f) {
    Entry e = entries.get(key);
    if (e != null) {
      entries.put(key, e.withValue(f.apply(e.value())));
    }
  }
}
