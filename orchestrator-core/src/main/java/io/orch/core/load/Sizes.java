package io.orch.core.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as Docker reads them (go-units RAMInBytes: binary multiples): {@code 1024}, {@code 100k}, {@code 512m},
 * {@code 1g}, {@code 1gb}, {@code 1.5g}, case-insensitive.
 */
final class Sizes {
  static final String ACCEPTED = "bytes, or a number with a unit b, k, m, g, t (optionally followed by b), "
      + "e.g. 1024, 100k, 512m, 1gb";
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s?([kmgtp])?i?b?");

  private Sizes() {}

  /**
   * The size in bytes, or null when the text is not a size or is beyond a long (8 EiB): such a value is a typo, and a
   * wrapped-around (negative) one would be written back as a size no reader accepts.
   */
  static Long parse(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024L).pow(power));
    try {
      return bytes.setScale(0, RoundingMode.DOWN).longValueExact(); // fractional bytes (1.5b) round down, as Docker's
    } catch (ArithmeticException tooLarge) {
      return null;
    }
  }
}
