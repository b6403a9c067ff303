package io.orch.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a name orch takes from a stack file or a request must follow before it becomes part of an engine object's
 * name, a file name in the state dir or an engine API path. Compose's character sets; lengths that keep every derived
 * name valid.
 *
 * <p>Why 63: a service name is the DNS alias of its containers on their networks, and a DNS label holds at most 63
 * bytes (RFC 1035). Stack, network and volume keys get the same limit, so that every name derived from them stays far
 * below Linux's 255-byte limit for one file name: the state files {@code .<stack>.json.tmp}, the container
 * {@code <stack>-<service>-<slot>} (at most 138) and the volume {@code <stack>_<volume>} (at most 127; the engine keeps
 * a local volume in a directory of that name).
 */
public enum NameRule {
  /** A stack (Compose project) name: Compose lowercases it, so uppercase is refused rather than silently changed. */
  STACK("[a-z0-9]", "[a-z0-9_-]", 63, "lowercase letters, digits, '_' and '-', starting with a letter or digit"),
  /** A service, network or volume key of a stack file. */
  KEY("[a-zA-Z0-9]", "[a-zA-Z0-9_.-]", 63, "letters, digits, '_', '.' and '-', starting with a letter or digit"),
  /**
   * The engine's own name of an existing object ({@code name:} of an external network or volume): the engine's
   * character set, and 255 because the engine stores a local volume as a directory of that name.
   */
  ENGINE_NAME("[a-zA-Z0-9]", "[a-zA-Z0-9_.-]", 255,
      "letters, digits, '_', '.' and '-', starting with a letter or digit");

  /** Why a name was refused; a control character is bad input (400), the others an invalid name (422). */
  public enum Problem { EMPTY, CONTROL_CHARACTER, FORBIDDEN_CHARACTER, TOO_LONG }

  /** A refused name: the problem and a message that says what is wrong and what is allowed. */
  public record Violation(Problem problem, String message) {}

  private final Pattern first;
  private final Pattern rest;
  private final int maxLength;
  private final String allowed;

  NameRule(String first, String rest, int maxLength, String allowed) {
    this.first = Pattern.compile(first);
    this.rest = Pattern.compile(rest);
    this.maxLength = maxLength;
    this.allowed = allowed;
  }

  /** The rule as a regular expression, e.g. {@code [a-z0-9][a-z0-9_-]*}. */
  public String regex() {
    return first.pattern() + rest.pattern() + "*";
  }

  public int maxLength() {
    return maxLength;
  }

  /** What a valid name looks like, for hints: the allowed characters and the length limit. */
  public String hint() {
    return allowed + ", at most " + maxLength + " characters";
  }

  public boolean accepts(String name) {
    return check(name).isEmpty();
  }

  /** Empty when the name is valid; otherwise the first problem, control characters first. */
  public Optional<Violation> check(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of(new Violation(Problem.EMPTY, "is empty"));
    }
    int control = ControlCharacters.indexOf(name);
    if (control >= 0) {
      return Optional.of(new Violation(Problem.CONTROL_CHARACTER, "contains the control character "
          + ControlCharacters.describe(name.codePointAt(control)) + " at index " + control));
    }
    if (name.length() > maxLength) {
      return Optional.of(new Violation(Problem.TOO_LONG, "is " + name.length() + " characters long, at most "
          + maxLength + " are allowed"));
    }
    for (int i = 0; i < name.length(); i++) {
      String c = name.substring(i, i + 1);
      Pattern allowedHere = i == 0 ? first : rest;
      if (allowedHere.matcher(c).matches()) {
        continue;
      }
      String message = allowedHere.matcher(c.toLowerCase(Locale.ROOT)).matches()
          ? "holds the uppercase letter '" + c + "' at index " + i
          : i == 0 && rest.matcher(c).matches() ? "starts with '" + c + "'; it must start with a letter or digit"
          : "holds the forbidden character '" + c + "' at index " + i;
      return Optional.of(new Violation(Problem.FORBIDDEN_CHARACTER, message));
    }
    return Optional.empty();
  }
}
