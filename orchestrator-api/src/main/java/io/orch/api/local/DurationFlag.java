package io.orch.api.local;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses command-line durations such as {@code 5m}, {@code 90s}, {@code 1m30s}, {@code 500ms}: the CLI's
 * ({@code --timeout}) and the agent's ({@code --resync}) flags read them alike.
 */
public final class DurationFlag {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private DurationFlag() {}

  /** The duration {@code text} of {@code option}; an IllegalArgumentException saying what is wrong otherwise. */
  public static Duration parse(String option, String text) {
    Matcher m = PART.matcher(text.trim());
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double v = Double.parseDouble(m.group(1));
      nanos += (long) (v * switch (m.group(2)) {
        case "h" -> 3_600e9;
        case "m" -> 60e9;
        case "s" -> 1e9;
        default -> 1e6;
      });
      end = m.end();
    }
    if (end == 0 || end != text.trim().length()) {
      throw new IllegalArgumentException(option + ": '" + text + "' is not a duration (examples: 90s, 5m, 1m30s, 500ms)");
    }
    return Duration.ofNanos(nanos);
  }
}
