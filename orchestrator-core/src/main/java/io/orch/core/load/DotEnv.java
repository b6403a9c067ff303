package io.orch.core.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses {@code .env} and {@code env_file} text: {@code KEY=VALUE} lines, {@code #} comments, an optional
 * {@code export } prefix, single quotes (literal), double quotes (escapes and substitution) and unquoted values
 * (trimmed, inline {@code " #"} comments cut, substitution). Hand-written: the format is tiny and Java has no
 * dotenv library that matches Compose's rules.
 */
final class DotEnv {
  /** Parsed variables in file order, and problems as "line N: message". */
  record Parsed(Map<String, String> values, List<String> problems) {}

  private DotEnv() {}

  /** {@code outer} resolves names not defined earlier in the same file (null = unset). */
  static Parsed parse(String text, Function<String, String> outer) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Interpolator interpolator = new Interpolator(name -> values.containsKey(name) ? values.get(name)
        : outer.apply(name));
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
        problems.add("line " + (n + 1) + ": invalid variable name \"" + key + "\"");
        continue;
      }
      if (eq < 0) {
        // A bare KEY takes its value from the outer environment, as Compose does; absent -> not defined.
        String value = outer.apply(key);
        if (value != null) {
          values.put(key, value);
        }
        continue;
      }
      String raw = line.substring(eq + 1).strip();
      String value;
      if (raw.startsWith("'")) {
        int end = raw.indexOf('\'', 1);
        value = end < 0 ? raw.substring(1) : raw.substring(1, end);
      } else if (raw.startsWith("\"")) {
        int end = closingQuote(raw);
        String inner = unescape(end < 0 ? raw.substring(1) : raw.substring(1, end));
        value = substitute(interpolator, inner, n, problems);
      } else {
        int comment = raw.indexOf(" #");
        value = substitute(interpolator, (comment < 0 ? raw : raw.substring(0, comment)).strip(), n, problems);
      }
      values.put(key, value);
    }
    return new Parsed(values, problems);
  }

  private static String substitute(Interpolator interpolator, String value, int n, List<String> problems) {
    Interpolator.Result r = interpolator.interpolate(value);
    if (r.failed()) {
      problems.add("line " + (n + 1) + ": " + r.error());
    }
    return r.value();
  }

  private static int closingQuote(String raw) {
    for (int i = 1; i < raw.length(); i++) {
      if (raw.charAt(i) == '\\') {
        i++;
      } else if (raw.charAt(i) == '"') {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        out.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> e;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
