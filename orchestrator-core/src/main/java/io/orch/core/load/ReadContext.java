package io.orch.core.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the model readers share while reading one file: the diagnostics, the key paths consumed so far (every other key
 * is reported), the variable lookup (environment, then .env) and the file's folder. Also the typed conversions of
 * scalars, each reporting a located error with the accepted form as hint and returning null on failure.
 */
final class ReadContext {
  final Diagnostics diagnostics;
  final Function<String, String> variables;
  final Path baseDir;
  /**
   * Where a bare environment name ({@code - DEBUG}) takes its value: the variables, except in a file submitted to
   * the agent, which was read in the user's environment already (the agent's own is not the user's).
   */
  final Function<String, String> bareEnvironment;
  /**
   * The agent's stored form of a stack ({@link StackLoader#readStored}): a file secret's digest is the one written
   * beside its path, not the file's content now, so an agent restart never changes a spec hash.
   */
  final boolean storedForm;
  private final Set<String> consumed = new LinkedHashSet<>();
  private final Map<String, YamlNode> references = new LinkedHashMap<>();
  /** The links: entries read, applied once every service is read ({@link Links}). */
  private final List<Links.Link> links = new ArrayList<>();
  /** Services that declare a restart policy (restart: or deploy.restart_policy), for {@link OneShotJobs}. */
  private final Set<String> declaredRestart = new LinkedHashSet<>();

  ReadContext(Diagnostics diagnostics, Function<String, String> variables, Path baseDir) {
    this(diagnostics, variables, baseDir, variables);
  }

  ReadContext(Diagnostics diagnostics, Function<String, String> variables, Path baseDir,
      Function<String, String> bareEnvironment) {
    this(diagnostics, variables, baseDir, bareEnvironment, false);
  }

  ReadContext(Diagnostics diagnostics, Function<String, String> variables, Path baseDir,
      Function<String, String> bareEnvironment, boolean storedForm) {
    this.diagnostics = diagnostics;
    this.variables = variables;
    this.baseDir = baseDir;
    this.bareEnvironment = bareEnvironment;
    this.storedForm = storedForm;
  }

  Set<String> consumed() {
    return consumed;
  }

  /** Remembers where a service names another object, for the cross-reference errors of StackValidator. */
  void remember(String kind, String service, String name, YamlNode at) {
    references.putIfAbsent(reference(kind, service, name), at);
  }

  static String reference(String kind, String service, String name) {
    return kind + "/" + service + "/" + name;
  }

  Map<String, YamlNode> references() {
    return references;
  }

  void link(Links.Link link) {
    links.add(link);
  }

  List<Links.Link> links() {
    return links;
  }

  void restartDeclared(String service) {
    declaredRestart.add(service);
  }

  Set<String> declaredRestart() {
    return declaredRestart;
  }

  void consume(String path) {
    consumed.add(path);
  }

  /** The mapping's fields, or null (error reported) when the node is not a mapping. A null value is an empty map. */
  Fields fields(YamlNode node, String expected) {
    if (node instanceof YamlNode.Mapping m) {
      return new Fields(m, this);
    }
    if (node instanceof YamlNode.Scalar s && s.isNull()) {
      return new Fields(new YamlNode.Mapping(Map.of(), s.mark(), s.path()), this);
    }
    typeError(node, "a mapping", expected);
    return null;
  }

  void typeError(YamlNode node, String type, String example) {
    diagnostics.error(node, "must be " + type + ", found " + describe(node), example == null ? null
        : "e.g. " + example);
  }

  static String describe(YamlNode node) {
    if (node instanceof YamlNode.Mapping) {
      return "a mapping";
    }
    if (node instanceof YamlNode.Sequence) {
      return "a list";
    }
    YamlNode.Scalar s = (YamlNode.Scalar) node;
    return s.isNull() ? "null" : "\"" + s.text() + "\"";
  }

  static boolean isNull(YamlNode node) {
    return node == null || (node instanceof YamlNode.Scalar s && s.isNull());
  }

  String string(YamlNode node, String example) {
    if (node instanceof YamlNode.Scalar s && !s.isNull()) {
      return s.text();
    }
    typeError(node, "a string", example);
    return null;
  }

  Boolean bool(YamlNode node) {
    String s = string(node, "true");
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        diagnostics.error(node, "must be true or false, found \"" + s + "\"", "write true or false");
        yield null;
      }
    };
  }

  Long integer(YamlNode node, long min, long max, String example) {
    String s = string(node, example);
    if (s == null) {
      return null;
    }
    try {
      long v = Long.parseLong(s.strip());
      if (v < min || v > max) {
        diagnostics.error(node, "must be between " + min + " and " + max + ", found " + v, "e.g. " + example);
        return null;
      }
      return v;
    } catch (NumberFormatException e) {
      diagnostics.error(node, "must be a whole number, found \"" + s + "\"", "e.g. " + example);
      return null;
    }
  }

  Double decimal(YamlNode node, double min, String example) {
    String s = string(node, example);
    if (s == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(s.strip());
      if (Double.isNaN(v) || Double.isInfinite(v) || v < min) {
        diagnostics.error(node, "must be a number >= " + min + ", found \"" + s + "\"", "e.g. " + example);
        return null;
      }
      return v;
    } catch (NumberFormatException e) {
      diagnostics.error(node, "must be a number, found \"" + s + "\"", "e.g. " + example);
      return null;
    }
  }

  Duration duration(YamlNode node) {
    String s = string(node, "10s");
    if (s == null) {
      return null;
    }
    Duration d = Durations.parse(s);
    if (d == null) {
      diagnostics.error(node, "invalid duration \"" + s + "\"", Durations.ACCEPTED);
    }
    return d;
  }

  Long size(YamlNode node) {
    String s = string(node, "512m");
    if (s == null) {
      return null;
    }
    Long bytes = Sizes.parse(s);
    if (bytes == null) {
      diagnostics.error(node, "invalid size \"" + s + "\"", Sizes.ACCEPTED);
    }
    return bytes;
  }

  /** One of the keys of {@code valid} (lowercase as written in Compose); the hint lists them all. */
  <E> E choice(YamlNode node, Map<String, E> valid) {
    String s = string(node, String.join(" | ", valid.keySet()));
    if (s == null) {
      return null;
    }
    E value = valid.get(s);
    if (value == null) {
      diagnostics.error(node, "unknown value \"" + s + "\"", "one of: " + String.join(", ", valid.keySet()));
    }
    return value;
  }

  /** A list of scalars; a single string is a one-element list when {@code stringAllowed}. */
  List<String> stringList(YamlNode node, boolean stringAllowed, String example) {
    if (node instanceof YamlNode.Scalar s && !s.isNull() && stringAllowed) {
      return List.of(s.text());
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      typeError(node, "a list", example);
      return null;
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      String s = string(item, example);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * A map of strings given as a mapping or as a list of {@code KEY=VALUE}. {@code fromEnvironment}: a list entry
   * without '=' or a null map value takes the variable's value and is omitted when unset (Compose's environment);
   * otherwise it is the empty string (Compose's labels).
   */
  Map<String, String> stringMap(YamlNode node, boolean fromEnvironment, String example) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node instanceof YamlNode.Mapping m) {
      m.entries().forEach((k, e) -> {
        if (isNull(e.value())) {
          putBare(out, k, fromEnvironment);
        } else if (e.value() instanceof YamlNode.Scalar s) {
          out.put(k, s.text());
        } else {
          typeError(e.value(), "a string", example);
        }
      });
      return out;
    }
    if (node instanceof YamlNode.Sequence seq) {
      for (YamlNode item : seq.items()) {
        String s = string(item, example);
        if (s == null) {
          continue;
        }
        int eq = s.indexOf('=');
        if (eq < 0) {
          putBare(out, s, fromEnvironment);
        } else {
          out.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
      return out;
    }
    typeError(node, "a mapping or a list of KEY=VALUE", example);
    return null;
  }

  /**
   * A service's {@code environment} (mapping or list): as {@link #stringMap} with names from the environment, except
   * that a name that is unset stays, with a null value: Compose passes it to the engine bare ({@code DEBUG} without
   * {@code =}), which removes the image's own {@code ENV DEBUG} from the container.
   */
  Map<String, String> environmentMap(YamlNode node, String example) {
    Map<String, String> out = stringMap(node, false, example);
    if (out == null) {
      return null;
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    List<String> bare = bareNames(node);
    out.forEach((k, v) -> resolved.put(k, bare.contains(k) ? bareEnvironment.apply(k) : v));
    return resolved;
  }

  /** The names of a mapping or list given without a value ({@code KEY:} or {@code - KEY}). */
  private static List<String> bareNames(YamlNode node) {
    List<String> bare = new ArrayList<>();
    if (node instanceof YamlNode.Mapping m) {
      m.entries().forEach((k, e) -> {
        if (isNull(e.value())) {
          bare.add(k);
        }
      });
    } else if (node instanceof YamlNode.Sequence seq) {
      seq.items().stream().filter(i -> i instanceof YamlNode.Scalar s && !s.text().contains("="))
          .forEach(i -> bare.add(((YamlNode.Scalar) i).text()));
    }
    return bare;
  }

  private void putBare(Map<String, String> out, String key, boolean fromEnvironment) {
    if (!fromEnvironment) {
      out.put(key, "");
      return;
    }
    String value = variables.apply(key);
    if (value != null) {
      out.put(key, value);
    }
  }
}
