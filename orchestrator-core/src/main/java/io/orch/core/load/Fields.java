package io.orch.core.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The keys of one mapping, read through typed getters that record each key as consumed. {@link #finish()} reports
 * every key nobody read, so no key is ever dropped silently ({@code x-*} excepted): a Compose key as "unsupported key,
 * ignored", a key Compose does not have ({@link ComposeKeys}) as an error.
 */
final class Fields {
  /** Why some well-known Compose keys are not supported, shown as the hint of their warning. */
  private static final Map<String, String> HINTS = Map.of();

  private final YamlNode.Mapping map;
  private final ReadContext ctx;
  // Every key a reader asked for, present or not: the candidates for "did you mean" on a misspelled key.
  private final java.util.Set<String> known = new java.util.TreeSet<>();

  Fields(YamlNode.Mapping map, ReadContext ctx) {
    this.map = map;
    this.ctx = ctx;
  }

  YamlNode.Mapping node() {
    return map;
  }

  boolean has(String key) {
    known.add(key);
    return map.entries().containsKey(key);
  }

  /** The key's value (possibly a null scalar) or null when absent; marks the key consumed. */
  YamlNode take(String key) {
    known.add(key);
    YamlNode node = map.get(key);
    if (node != null) {
      ctx.consume(node.path());
    }
    return node;
  }

  /** Like {@link #take} but a null value counts as absent. */
  YamlNode value(String key) {
    YamlNode node = take(key);
    return ReadContext.isNull(node) ? null : node;
  }

  String string(String key, String example) {
    YamlNode n = value(key);
    return n == null ? null : ctx.string(n, example);
  }

  Boolean bool(String key) {
    YamlNode n = value(key);
    return n == null ? null : ctx.bool(n);
  }

  boolean bool(String key, boolean otherwise) {
    Boolean b = bool(key);
    return b == null ? otherwise : b;
  }

  Long integer(String key, long min, long max, String example) {
    YamlNode n = value(key);
    return n == null ? null : ctx.integer(n, min, max, example);
  }

  Double decimal(String key, double min, String example) {
    YamlNode n = value(key);
    return n == null ? null : ctx.decimal(n, min, example);
  }

  Duration duration(String key) {
    YamlNode n = value(key);
    return n == null ? null : ctx.duration(n);
  }

  Long size(String key) {
    YamlNode n = value(key);
    return n == null ? null : ctx.size(n);
  }

  <E> E choice(String key, Map<String, E> valid) {
    YamlNode n = value(key);
    return n == null ? null : ctx.choice(n, valid);
  }

  List<String> stringList(String key, boolean stringAllowed, String example) {
    YamlNode n = value(key);
    return n == null ? null : ctx.stringList(n, stringAllowed, example);
  }

  Map<String, String> stringMap(String key, boolean fromEnvironment, String example) {
    YamlNode n = value(key);
    return n == null ? null : ctx.stringMap(n, fromEnvironment, example);
  }

  Map<String, String> environmentMap(String key, String example) {
    YamlNode n = value(key);
    return n == null ? null : ctx.environmentMap(n, example);
  }

  /** Reports a key orch reads but cannot honour; the key counts as handled. */
  void unsupported(String key, String hint) {
    YamlNode n = take(key);
    if (n != null) {
      ctx.diagnostics.add(Diagnostic.Severity.WARNING, map.entries().get(key).keyMark(), n.path(),
          "unsupported key, ignored", hint);
    }
  }

  /**
   * Reports every key not consumed, except x-* extensions: a key the Compose specification does not have at this
   * level is an error (Compose rejects the file too), a Compose key orch does not read is a warning.
   */
  void finish() {
    java.util.Optional<ComposeKeys> level = ComposeKeys.at(map.path());
    map.entries().forEach((key, entry) -> {
      String path = entry.value().path();
      if (key.startsWith("x-") || ctx.consumed().contains(path)) {
        return;
      }
      if (level.isPresent() && !level.get().keys().contains(key)) {
        known.addAll(level.get().keys());
        String hint = closest(key).map(k -> "did you mean " + k + "?")
            .orElse("remove it, or name it x-" + key + " to keep it as an extension orch and Compose ignore");
        ctx.diagnostics.add(Diagnostic.Severity.ERROR, entry.keyMark(), path,
            "not a Compose key (docker compose rejects it too: additional properties not allowed)", hint);
        return;
      }
      String hint = HINTS.get(key);
      if (hint == null) {
        hint = closest(key).map(k -> "did you mean " + k + "?")
            .orElse("orch does not support this key (docs/stack-file.md lists the supported keys)");
      }
      ctx.diagnostics.add(Diagnostic.Severity.WARNING, entry.keyMark(), path, "unsupported key, ignored", hint);
    });
  }

  /** The known key within two edits of a misspelled one (comand -> command, replica -> replicas), if any. */
  private java.util.Optional<String> closest(String key) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return java.util.Optional.ofNullable(best);
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
