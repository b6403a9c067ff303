package io.orch.core.model;

/**
 * Control characters in names and values. Tab, line feed and carriage return are text (scripts in {@code command},
 * multi-line values); every other control character (C0, DEL, C1) is refused: a NUL cannot cross {@code execve} or
 * the engine's API, and the others only hide what a value really says.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  public static boolean forbidden(int codePoint) {
    return Character.getType(codePoint) == Character.CONTROL && codePoint != '\t' && codePoint != '\n'
        && codePoint != '\r';
  }

  /** The index of the first forbidden control character, or -1. */
  public static int indexOf(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (forbidden(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The text with every forbidden control character written as {@code \\u0000}, safe to print. */
  public static String escape(String text) {
    if (indexOf(text) < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 8);
    text.chars().forEach(c -> sb.append(forbidden(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return sb.toString();
  }

  /** {@code U+0000} */
  public static String describe(int codePoint) {
    return String.format("U+%04X", codePoint);
  }
}
