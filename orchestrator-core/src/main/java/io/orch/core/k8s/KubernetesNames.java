package io.orch.core.k8s;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns stack names into DNS-1123 labels (lowercase alphanumerics and '-', at most 63 characters, starting with a
 * letter so that they are valid Service names too), warning whenever a name changes: clients that call a service by
 * its Compose name must then use the new one.
 */
final class KubernetesNames {
  static final int MAX = 63;

  private final Warnings warnings;
  private final boolean calledByClients;
  private final Map<String, String> assigned = new HashMap<>();
  private final Set<String> taken = new HashSet<>();

  /** @param calledByClients whether other services reach objects by this name (services: DNS), so must be told */
  KubernetesNames(Warnings warnings, boolean calledByClients) {
    this.warnings = warnings;
    this.calledByClients = calledByClients;
  }

  /** The unique object name for a stack key (e.g. service "my_app" at path services.my_app), stable per key. */
  String name(String path, String raw) {
    String existing = assigned.get(path);
    if (existing != null) {
      return existing;
    }
    String name = sanitize(raw, MAX);
    String unique = name;
    for (int n = 2; taken.contains(unique); n++) {
      String suffix = "-" + n;
      unique = trimDashes(name.substring(0, Math.min(name.length(), MAX - suffix.length()))) + suffix;
    }
    if (!unique.equals(raw)) {
      warnings.add((calledByClients ? Consequence.REACHABILITY : Consequence.OTHER),
          path, "named \"" + unique + "\" in Kubernetes (names must be DNS-1123 labels"
          + (unique.equals(name) ? "" : " and unique") + ")"
          + (calledByClients ? "; clients that use \"" + raw + "\" must change" : ""));
    }
    assigned.put(path, unique);
    taken.add(unique);
    return unique;
  }

  /**
   * The sanitized name for {@code raw} if no other key holds it yet (then it is held for {@code path}), else null: for
   * names that are only useful exactly as they are (a network alias: "db-2" would resolve nothing a client asks for).
   */
  String nameIfFree(String path, String raw) {
    String existing = assigned.get(path);
    if (existing != null) {
      return existing;
    }
    String name = sanitize(raw, MAX);
    if (taken.contains(name)) {
      return null;
    }
    if (!name.equals(raw)) {
      warnings.add((calledByClients ? Consequence.REACHABILITY : Consequence.OTHER),
          path, "named \"" + name + "\" in Kubernetes (names must be DNS-1123 labels)"
          + (calledByClients ? "; clients that use \"" + raw + "\" must change" : ""));
    }
    assigned.put(path, name);
    taken.add(name);
    return name;
  }

  /** A name made of a base name and a suffix, cut so that it stays within 63 characters. */
  static String derived(String base, String suffix) {
    String tail = "-" + suffix;
    return trimDashes(base.substring(0, Math.min(base.length(), MAX - tail.length()))) + tail;
  }

  /** Lowercase, '_' and '.' to '-', other characters dropped, starting with a letter, at most {@code max} long. */
  static String sanitize(String raw, int max) {
    String s = raw.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-').replaceAll("[^a-z0-9-]", "");
    s = trimDashes(s);
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "x-" + s;
    }
    return trimDashes(s.substring(0, Math.min(s.length(), max)));
  }

  private static String trimDashes(String s) {
    return s.replaceAll("^-+", "").replaceAll("-+$", "");
  }
}
