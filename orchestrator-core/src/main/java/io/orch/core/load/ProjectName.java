package io.orch.core.load;

import io.orch.core.model.NameRule;
import java.nio.file.Path;
import java.util.Locale;

/** Compose's project-name rules ({@link NameRule#STACK}): lowercase letters, digits, '_' and '-'. */
final class ProjectName {
  static final String HINT = NameRule.STACK.hint();

  private ProjectName() {}

  /** What Compose makes of a folder name: lowercased, other characters dropped, leading '_'/'-' dropped. */
  static String normalize(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return s.replaceFirst("^[_-]+", "");
  }

  static boolean valid(String name) {
    return name != null && NameRule.STACK.accepts(name);
  }

  /** {@code invalid project name "My App": must be lowercase letters, ...} */
  static String invalid(String name) {
    return "invalid project name \"" + name + "\"" + NameRule.STACK.check(name).map(v -> ": " + v.message())
        .orElse("");
  }

  static String fromFolder(Path baseDir) {
    if (baseDir == null) {
      return null;
    }
    Path abs = baseDir.toAbsolutePath().normalize();
    return abs.getFileName() == null ? null : normalize(abs.getFileName().toString());
  }
}
