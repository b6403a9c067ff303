package io.orch.core.load;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose durations (Go's {@code time.ParseDuration}: {@code 1m30s}, {@code 1.5s}, {@code 500ms}, {@code 2us},
 * {@code 1h}) plus a plain integer meaning seconds, and the compact form orch writes back.
 */
final class Durations {
  static final String ACCEPTED = "a number with a unit, e.g. 10s, 1m30s, 500ms, 1.5s, 1h (units h, m, s, ms, us, ns)"
      + " or whole seconds";
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private Durations() {}

  /** The duration, or null when the text is not one. */
  static Duration parse(String text) {
    String s = text.strip();
    if (s.matches("\\d{1,18}")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    if (s.isEmpty()) {
      return null;
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        return null;
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      pos = m.end();
    }
    // Beyond about 292 years a duration is a typo, not a setting: not a duration rather than a wrapped-around one.
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return null;
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "h" -> 3_600_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "s" -> 1_000_000_000L;
      case "ms" -> 1_000_000L;
      case "ns" -> 1L;
      default -> 1_000L; // us, µs
    };
  }

  /** {@code 1h2m3s500ms}, {@code 0s} for zero: compact and readable by {@link #parse}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long n = d.toNanos();
    StringBuilder sb = new StringBuilder();
    long[] sizes = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    String[] units = {"h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < sizes.length; i++) {
      long q = n / sizes[i];
      if (q > 0) {
        sb.append(q).append(units[i]);
        n -= q * sizes[i];
      }
    }
    return sb.toString();
  }
}
