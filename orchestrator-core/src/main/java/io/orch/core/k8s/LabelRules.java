package io.orch.core.k8s;

import java.util.regex.Pattern;

/** Kubernetes' syntax for label and annotation keys and label values. */
final class LabelRules {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
  private static final Pattern PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private LabelRules() {}

  /** A valid key for labels and annotations: {@code [prefix/]name}. */
  static boolean validKey(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return NAME.matcher(key).matches();
    }
    String prefix = key.substring(0, slash);
    return prefix.length() <= 253 && PREFIX.matcher(prefix).matches()
        && NAME.matcher(key.substring(slash + 1)).matches();
  }

  /** A valid label value: empty, or up to 63 of [A-Za-z0-9_.-] starting and ending alphanumeric. */
  static boolean validLabelValue(String value) {
    return value.isEmpty() || NAME.matcher(value).matches();
  }
}
