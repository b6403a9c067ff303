package io.orch.core.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compose variable substitution on one string: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-d}}, {@code ${VAR-d}},
 * {@code ${VAR:?msg}}, {@code ${VAR?msg}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}}, {@code $$}. Defaults and
 * alternatives may themselves hold substitutions. Pure: the variable lookup is passed in (null = unset).
 */
final class Interpolator {
  /** The substituted text, the variables that were unset without a default, and the first error (null if none). */
  record Result(String value, List<String> missing, String error) {
    boolean failed() {
      return error != null;
    }
  }

  private final Function<String, String> lookup;

  Interpolator(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  Result interpolate(String text) {
    List<String> missing = new ArrayList<>();
    try {
      return new Result(substitute(text, missing), List.copyOf(missing), null);
    } catch (TemplateException e) {
      return new Result(text, List.copyOf(missing), e.getMessage());
    }
  }

  private static final class TemplateException extends Exception {
    TemplateException(String message) {
      super(message, null, false, false);
    }
  }

  private String substitute(String text, List<String> missing) throws TemplateException {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= text.length()) {
        throw new TemplateException("invalid interpolation format in \"" + text + "\": lone $ at the end");
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int end = closingBrace(text, i + 2);
        if (end < 0) {
          throw new TemplateException("invalid interpolation format in \"" + text + "\": missing }");
        }
        out.append(braced(text.substring(i + 2, end), text, missing));
        i = end + 1;
      } else if (isNameStart(next)) {
        int end = i + 1;
        while (end < text.length() && isNamePart(text.charAt(end))) {
          end++;
        }
        String name = text.substring(i + 1, end);
        String value = lookup.apply(name);
        if (value == null) {
          missing.add(name);
          value = "";
        }
        out.append(value);
        i = end;
      } else {
        throw new TemplateException("invalid interpolation format in \"" + text + "\": $" + next);
      }
    }
    return out.toString();
  }

  private String braced(String body, String text, List<String> missing) throws TemplateException {
    int n = 0;
    while (n < body.length() && isNamePart(body.charAt(n))) {
      n++;
    }
    String name = body.substring(0, n);
    if (name.isEmpty() || !isNameStart(name.charAt(0))) {
      throw new TemplateException("invalid interpolation format in \"" + text + "\": ${" + body + "}");
    }
    String value = lookup.apply(name);
    String rest = body.substring(n);
    if (rest.isEmpty()) {
      if (value == null) {
        missing.add(name);
        return "";
      }
      return value;
    }
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
    String arg = rest.substring(op.length());
    // With ':' an empty value counts as unset.
    boolean set = value != null && (!colon || !value.isEmpty());
    switch (op) {
      case ":-", "-" -> {
        return set ? value : substitute(arg, missing);
      }
      case ":+", "+" -> {
        return set ? substitute(arg, missing) : "";
      }
      case ":?", "?" -> {
        if (set) {
          return value;
        }
        String message = substitute(arg, missing);
        throw new TemplateException("required variable " + name + " is missing a value"
            + (message.isEmpty() ? "" : ": " + message));
      }
      default -> throw new TemplateException("invalid interpolation format in \"" + text + "\": ${" + body + "}");
    }
  }

  /** Index of the brace closing the one opened before {@code from}, honouring nested ${...}. */
  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
