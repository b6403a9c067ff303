package io.orch.core.load;

import io.orch.core.load.YamlNode.Entry;
import io.orch.core.load.YamlNode.Mapping;
import io.orch.core.load.YamlNode.Scalar;
import io.orch.core.load.YamlNode.Sequence;
import io.orch.core.load.YamlNode.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compose's merge of two located trees (an override file onto the files before it, a service onto the service it
 * extends), with compose-go's rules: mappings merge key by key, sequences append, scalars are replaced; some keys
 * have their own rule ({@link Rule}); {@code !reset} removes a value and {@code !override} replaces it whole. Nodes
 * keep their marks, so every later diagnostic still names the file and line a value came from.
 */
final class ComposeMerge {
  private ComposeMerge() {}

  /** How the values at one path merge. */
  private enum Rule {
    /** The override replaces the base (command, entrypoint, healthcheck.test). */
    REPLACE,
    /** KEY=VALUE lists and mappings (environment, labels, args): one mapping, later keys win. */
    KEY_VALUES,
    /** A list of names or a mapping by name (networks, depends_on): one mapping by name, merged deeply. */
    NAMED,
    /** build: a string is its context. */
    BUILD,
    /** logging: options merge only when the driver stays the same. */
    LOGGING,
    /** A sequence whose items are unique by a key; a later item takes the place of an earlier one. */
    UNIQUE
  }

  private record Special(List<String> pattern, Rule rule, Function<YamlNode, String> key) {}

  private static final List<Special> SPECIALS = new ArrayList<>();

  static {
    for (String p : List.of("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test")) {
      special(p, Rule.REPLACE, null);
    }
    for (String p : List.of("services.*.environment", "services.*.labels", "services.*.annotations",
        "services.*.sysctls", "services.*.build.args", "services.*.build.labels", "services.*.deploy.labels",
        "networks.*.labels", "volumes.*.labels", "networks.*.driver_opts", "volumes.*.driver_opts")) {
      special(p, Rule.KEY_VALUES, null);
    }
    special("services.*.networks", Rule.NAMED, null);
    special("services.*.depends_on", Rule.NAMED, null);
    special("services.*.build", Rule.BUILD, null);
    special("services.*.logging", Rule.LOGGING, null);
    special("services.*.volumes", Rule.UNIQUE, ComposeMerge::volumeTarget);
    special("services.*.secrets", Rule.UNIQUE, mountTarget("/run/secrets/"));
    special("services.*.configs", Rule.UNIQUE, mountTarget("/"));
    special("services.*.env_file", Rule.UNIQUE, n -> n instanceof Mapping m && m.get("path") != null
        ? text(m.get("path")) : text(n));
    special("networks.*.ipam.config", Rule.UNIQUE, n -> n instanceof Mapping m && m.get("subnet") != null
        ? text(m.get("subnet")) : text(n));
    for (String p : List.of("services.*.ports", "services.*.expose", "services.*.dns", "services.*.dns_opt",
        "services.*.dns_search", "services.*.cap_add", "services.*.cap_drop", "services.*.profiles",
        "services.*.links", "services.*.external_links", "services.*.tmpfs", "services.*.devices",
        "services.*.group_add", "services.*.security_opt", "services.*.extra_hosts", "services.*.build.tags",
        "services.*.build.extra_hosts", "services.*.networks.*.aliases", "services.*.label_file")) {
      special(p, Rule.UNIQUE, ComposeMerge::text);
    }
  }

  private static void special(String pattern, Rule rule, Function<YamlNode, String> key) {
    SPECIALS.add(new Special(List.of(pattern.split("\\.")), rule, key));
  }

  /** Merges the root of an override file onto the root of the files before it. */
  static Mapping files(Mapping base, Mapping override) {
    return (Mapping) merge(base, override, List.of()).at("");
  }

  /** Merges a service onto the service it extends; the result sits at {@code services.<name>}. */
  static YamlNode service(YamlNode base, YamlNode own, String name) {
    if (!(base instanceof Mapping) || !(own instanceof Mapping)) {
      return own instanceof Mapping ? own : base;
    }
    return merge(base, own, List.of("services", name)).at(YamlNode.child("services", name));
  }

  /** Applies what tags are left once nothing more merges: a {@code !reset} value is removed. */
  static YamlNode strip(YamlNode node) {
    if (node instanceof Mapping m) {
      Map<String, Entry> out = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> {
        if (e.tag() != Tag.RESET) {
          out.put(k, new Entry(k, e.keyMark(), strip(e.value())));
        }
      });
      return new Mapping(out, m.mark(), m.path());
    }
    if (node instanceof Sequence s) {
      return new Sequence(s.items().stream().map(ComposeMerge::strip).toList(), s.mark(), s.path());
    }
    return node;
  }

  private static YamlNode merge(YamlNode base, YamlNode override, List<String> path) {
    Special special = find(path);
    Rule rule = special == null ? null : special.rule();
    if (rule == Rule.REPLACE) {
      return override;
    }
    if (rule == Rule.KEY_VALUES) {
      Mapping b = asKeyValues(base);
      Mapping o = asKeyValues(override);
      if (b != null && o != null) {
        return mergeMappings(b, o, path, true);
      }
      return override;
    }
    if (rule == Rule.NAMED && base instanceof Sequence b && override instanceof Sequence o) {
      return unique(b, o, ComposeMerge::text);
    }
    if (rule == Rule.NAMED && (base instanceof Sequence || override instanceof Sequence)) {
      base = asNamed(base);
      override = asNamed(override);
    }
    if (rule == Rule.BUILD) {
      base = asBuild(base);
      override = asBuild(override);
    }
    if (rule == Rule.LOGGING && base instanceof Mapping b && override instanceof Mapping o) {
      String baseDriver = b.get("driver") == null ? null : text(b.get("driver"));
      String driver = o.get("driver") == null ? null : text(o.get("driver"));
      if (baseDriver != null && driver != null && !baseDriver.equals(driver)) {
        return override;
      }
    }
    if (rule == Rule.UNIQUE) {
      return unique(asList(base), asList(override), special.key());
    }
    if (base instanceof Mapping b && override instanceof Mapping o) {
      return mergeMappings(b, o, path, false);
    }
    if (base instanceof Sequence b && override instanceof Sequence o) {
      List<YamlNode> items = new ArrayList<>(b.items());
      items.addAll(o.items());
      return new Sequence(items, b.mark(), b.path());
    }
    return override;
  }

  /** Key by key: a key only in one side is kept; in both, merged (or replaced when {@code flat}, or tagged). */
  private static Mapping mergeMappings(Mapping base, Mapping override, List<String> path, boolean flat) {
    Map<String, Entry> out = new LinkedHashMap<>(base.entries());
    override.entries().forEach((k, e) -> {
      Entry existing = out.get(k);
      if (e.tag() == Tag.RESET) {
        out.remove(k);
      } else if (existing == null || flat || e.tag() == Tag.OVERRIDE || k.startsWith("x-")) {
        out.put(k, new Entry(k, e.keyMark(), e.value()));
      } else {
        out.put(k, new Entry(k, existing.keyMark(), merge(existing.value(), e.value(), append(path, k))));
      }
    });
    return new Mapping(out, base.mark(), base.path());
  }

  private static Sequence unique(Sequence base, Sequence override, Function<YamlNode, String> key) {
    if (base == null || override == null) {
      return override != null ? override : base;
    }
    List<YamlNode> items = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<YamlNode> all = new ArrayList<>(base.items());
    all.addAll(override.items());
    for (YamlNode item : all) {
      String k = key.apply(item);
      Integer at = index.get(k);
      if (at != null) {
        items.set(at, item);
      } else {
        index.put(k, items.size());
        items.add(item);
      }
    }
    return new Sequence(items, base.mark(), base.path());
  }

  private static Special find(List<String> path) {
    for (Special s : SPECIALS) {
      if (matches(s.pattern(), path)) {
        return s;
      }
    }
    return null;
  }

  private static boolean matches(List<String> pattern, List<String> path) {
    if (pattern.size() != path.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      if (!pattern.get(i).equals("*") && !pattern.get(i).equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> append(List<String> path, String key) {
    List<String> out = new ArrayList<>(path);
    out.add(key);
    return out;
  }

  /** A mapping, or a list of {@code KEY=VALUE} as a mapping ({@code KEY} alone is a null value); else null. */
  private static Mapping asKeyValues(YamlNode node) {
    if (node instanceof Mapping m) {
      return m;
    }
    if (!(node instanceof Sequence s)) {
      return null;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (YamlNode item : s.items()) {
      if (!(item instanceof Scalar sc)) {
        return null;
      }
      int eq = sc.text().indexOf('=');
      String key = eq < 0 ? sc.text() : sc.text().substring(0, eq);
      Scalar value = eq < 0 ? new Scalar("", YamlNode.Kind.NULL, sc.mark(), sc.path())
          : new Scalar(sc.text().substring(eq + 1), YamlNode.Kind.STRING, sc.mark(), sc.path());
      out.put(key, new Entry(key, sc.mark(), value));
    }
    return new Mapping(out, s.mark(), s.path());
  }

  /** A list of names as a mapping of names to null (Compose's short syntax of networks and depends_on). */
  private static YamlNode asNamed(YamlNode node) {
    if (!(node instanceof Sequence s)) {
      return node;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (YamlNode item : s.items()) {
      if (item instanceof Scalar sc && !sc.isNull()) {
        out.put(sc.text(), new Entry(sc.text(), sc.mark(), new Scalar("", YamlNode.Kind.NULL, sc.mark(),
            sc.path())));
      }
    }
    return new Mapping(out, s.mark(), s.path());
  }

  private static YamlNode asBuild(YamlNode node) {
    if (node instanceof Scalar s && !s.isNull()) {
      return new Mapping(Map.of("context", new Entry("context", s.mark(), s)), s.mark(), s.path());
    }
    return node;
  }

  private static Sequence asList(YamlNode node) {
    if (node instanceof Sequence s) {
      return s;
    }
    if (node instanceof Scalar s && !s.isNull()) {
      return new Sequence(List.of(s), s.mark(), s.path());
    }
    return null;
  }

  /** A volume's container path: {@code target} of the long syntax, the part after the source in the short one. */
  private static String volumeTarget(YamlNode node) {
    if (node instanceof Mapping m) {
      return m.get("target") == null ? text(node) : text(m.get("target"));
    }
    String[] parts = text(node).split(":");
    return parts.length == 1 ? parts[0] : parts[1];
  }

  private static Function<YamlNode, String> mountTarget(String defaultDir) {
    return node -> {
      if (node instanceof Mapping m) {
        return m.get("target") != null ? text(m.get("target"))
            : defaultDir + (m.get("source") == null ? "" : text(m.get("source")));
      }
      return defaultDir + text(node);
    };
  }

  /** A scalar's text, or a key that identifies the structure of any other node. */
  static String text(YamlNode node) {
    return node instanceof Scalar s ? s.text() : String.valueOf(plain(node));
  }

  /** The value without positions (maps, lists and strings), to compare two trees as Compose compares values. */
  static Object plain(YamlNode node) {
    if (node instanceof Mapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> out.put(k, plain(e.value())));
      return out;
    }
    if (node instanceof Sequence s) {
      return s.items().stream().map(ComposeMerge::plain).toList();
    }
    Scalar s = (Scalar) node;
    return s.isNull() ? "<null>" : s.text();
  }
}
