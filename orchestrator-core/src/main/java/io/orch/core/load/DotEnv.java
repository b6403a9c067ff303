package io.orch.core.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses {@code .env} and {@code env_file} text with compose-go's dotenv rules (so a file Compose reads, orch reads
 * the same): statements {@code KEY=VALUE} or YAML-like {@code KEY: VALUE}, an optional {@code export} prefix,
 * {@code #} comment lines, a bare {@code KEY} taking the outer environment's value. Values:
 * <ul>
 *   <li>single quotes: literal, may span lines, {@code \'} is a quote (any other backslash stays);</li>
 *   <li>double quotes: may span lines, {@code \"} is a quote, the escapes {@code \n \r \t \a \b \f \v \\ \0NNN}
 *       are expanded, {@code \$} is a literal {@code $}, then variables are substituted;</li>
 *   <li>unquoted: to the end of the line, cut at {@code " #"}, trimmed, then variables are substituted.</li>
 * </ul>
 * Hand-written: the format is tiny and Java has no dotenv library that matches Compose's rules.
 */
final class DotEnv {
  /** Parsed variables in file order, and problems as "line N: message". */
  record Parsed(Map<String, String> values, List<String> problems) {}

  private final String text;
  private final Function<String, String> outer;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final Interpolator interpolator;
  private int pos;
  private int line = 1;

  private DotEnv(String text, Function<String, String> outer) {
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.outer = outer;
    // The environment wins over earlier lines of the same file, as compose-go's lookup does.
    this.interpolator = new Interpolator(name -> {
      String fromOuter = outer.apply(name);
      return fromOuter != null ? fromOuter : values.get(name);
    });
  }

  /** {@code outer} resolves names first (the environment), then names defined earlier in the file (null = unset). */
  static Parsed parse(String text, Function<String, String> outer) {
    DotEnv parser = new DotEnv(text, outer);
    parser.statements();
    return new Parsed(parser.values, parser.problems);
  }

  private void statements() {
    while (skipBlankAndComments()) {
      if (!statement()) {
        return;
      }
    }
  }

  /** Moves to the next statement's first character; false at the end of the text. */
  private boolean skipBlankAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '#') {
        skipRestOfLine();
      } else if (Character.isWhitespace(c)) {
        advance();
      } else {
        return true;
      }
    }
    return false;
  }

  /** Reads one statement; false when the rest of the text cannot be read (an unterminated quote). */
  private boolean statement() {
    int startLine = line;
    if (text.startsWith("export", pos) && pos + 6 < text.length() && isSpace(text.charAt(pos + 6))) {
      pos += 6;
      skipSpaces();
    }
    int keyStart = pos;
    while (pos < text.length() && !isKeyEnd(text.charAt(pos))) {
      pos++;
    }
    String key = text.substring(keyStart, pos).strip();
    boolean bare = pos >= text.length() || text.charAt(pos) == '\n';
    if (!bare) {
      pos++; // past '=' or ':'
    }
    if (!validKey(key, startLine)) {
      skipRestOfLine();
      return true;
    }
    if (bare) {
      // A bare KEY takes its value from the outer environment, as Compose does; absent -> not defined.
      String value = outer.apply(key);
      if (value != null) {
        values.put(key, value);
      }
      return true;
    }
    skipSpaces();
    char first = pos < text.length() ? text.charAt(pos) : '\n';
    if (first == '\'' || first == '"') {
      String quoted = quoted(first);
      if (quoted == null) {
        problems.add("line " + startLine + ": unterminated quoted value for " + key + " (close it with " + first
            + ")");
        return false;
      }
      values.put(key, first == '\'' ? quoted : substitute(expandEscapes(quoted), startLine));
      return true;
    }
    int end = text.indexOf('\n', pos);
    String raw = text.substring(pos, end < 0 ? text.length() : end);
    pos = end < 0 ? text.length() : end;
    int comment = raw.indexOf(" #");
    values.put(key, substitute((comment < 0 ? raw : raw.substring(0, comment)).stripTrailing(), startLine));
    return true;
  }

  private boolean validKey(String key, int at) {
    if (key.isEmpty()) {
      problems.add("line " + at + ": a value without a variable name (write KEY=VALUE)");
      return false;
    }
    if (key.chars().anyMatch(Character::isWhitespace)) {
      problems.add("line " + at + ": variable name \"" + key + "\" contains a space");
      return false;
    }
    if (!key.matches("[A-Za-z_][A-Za-z0-9_.\\-\\[\\]]*")) {
      problems.add("line " + at + ": invalid variable name \"" + key + "\"");
      return false;
    }
    return true;
  }

  /**
   * The text between the quote at {@code pos} and its closing quote (which may lie lines further), with an escaped
   * quote unescaped and every other backslash kept; null when the quote is never closed.
   */
  private String quoted(char quote) {
    StringBuilder out = new StringBuilder();
    advance();
    boolean escaped = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      advance();
      if (escaped) {
        escaped = false;
        if (c != quote) {
          out.append('\\');
        }
        out.append(c);
      } else if (c == '\\') {
        escaped = true;
      } else if (c == quote) {
        return out.toString();
      } else {
        out.append(c);
      }
    }
    return null;
  }

  /** Double-quote escapes; {@code \$} becomes {@code $$}, which substitution turns into a literal {@code $}. */
  static String expandEscapes(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(i + 1);
      String replacement = switch (e) {
        case 'n' -> "\n";
        case 'r' -> "\r";
        case 't' -> "\t";
        case 'a' -> "\u0007";
        case 'b' -> "\b";
        case 'f' -> "\f";
        case 'v' -> "\u000B";
        case '\\' -> "\\";
        case '"' -> "\"";
        case '$' -> "$$";
        default -> null;
      };
      if (replacement != null) {
        out.append(replacement);
        i++;
      } else if (e == '0') {
        // \0 followed by up to three octal digits, as compose-go reads it ("\0101" is "A").
        int end = i + 2;
        while (end < s.length() && end < i + 5 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
          end++;
        }
        out.append((char) (end == i + 2 ? 0 : Integer.parseInt(s.substring(i + 2, end), 8) & 0xFF));
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String substitute(String value, int at) {
    Interpolator.Result r = interpolator.interpolate(value);
    if (r.failed()) {
      problems.add("line " + at + ": " + r.error());
    }
    return r.value();
  }

  private static boolean isKeyEnd(char c) {
    return c == '=' || c == ':' || c == '\n';
  }

  /** Space within a line (compose-go's isSpace): never a line break. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B' || c == '\u0085' || c == '\u00A0';
  }

  private void skipSpaces() {
    while (pos < text.length() && isSpace(text.charAt(pos))) {
      pos++;
    }
  }

  private void skipRestOfLine() {
    while (pos < text.length() && text.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void advance() {
    if (text.charAt(pos) == '\n') {
      line++;
    }
    pos++;
  }
}
