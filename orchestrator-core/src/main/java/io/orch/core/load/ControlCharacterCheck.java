package io.orch.core.load;

import io.orch.core.model.ControlCharacters;

/**
 * The stage after interpolation that refuses control characters (other than tab and line breaks) in every key and
 * value, wherever they came from: an escape such as {@code "\0"} in the file, or a variable's value. A NUL in an image
 * name would otherwise reach the engine's API and come back as a confusing engine error.
 */
final class ControlCharacterCheck {
  private static final String HINT = "remove it; only tab and line breaks are accepted in values";

  private final Diagnostics diagnostics;

  ControlCharacterCheck(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void check(YamlNode node) {
    if (node instanceof YamlNode.Mapping m) {
      m.entries().forEach((key, e) -> {
        report(key, e.keyMark(), e.value().path(), "key");
        check(e.value());
      });
    } else if (node instanceof YamlNode.Sequence s) {
      s.items().forEach(this::check);
    } else if (node instanceof YamlNode.Scalar s && !s.isNull()) {
      report(s.text(), s.mark(), s.path(), "value");
    }
  }

  private void report(String text, YamlNode.Mark mark, String path, String what) {
    int at = ControlCharacters.indexOf(text);
    if (at >= 0) {
      diagnostics.badInput(mark, ControlCharacters.escape(path), "the " + what + " contains the control character "
          + ControlCharacters.describe(text.charAt(at)) + " at index " + at, HINT);
    }
  }
}
