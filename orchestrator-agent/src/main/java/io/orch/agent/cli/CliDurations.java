package io.orch.agent.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses CLI durations such as {@code 5m}, {@code 90s}, {@code 1m30s}, {@code 500ms}. */
final class CliDurations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private CliDurations() {}

  static Duration parse(String option, String text) {
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
      throw CliException.badInput(option + ": '" + text + "' is not a duration (examples: 90s, 5m, 1m30s, 500ms)");
    }
    return Duration.ofNanos(nanos);
  }
}
