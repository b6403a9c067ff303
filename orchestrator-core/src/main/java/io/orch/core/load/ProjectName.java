package io.orch.core.load;

import java.nio.file.Path;
import java.util.Locale;

/** Compose's project-name rules: lowercase letters, digits, '_' and '-', starting with a letter or digit. */
final class ProjectName {
  static final String VALID = "[a-z0-9][a-z0-9_-]*";
  static final String HINT = "lowercase letters, digits, '_' and '-', starting with a letter or digit";

  private ProjectName() {}

  /** What Compose makes of a folder name: lowercased, other characters dropped, leading '_'/'-' dropped. */
  static String normalize(String raw) {
    String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return s.replaceFirst("^[_-]+", "");
  }

  static boolean valid(String name) {
    return name != null && name.matches(VALID);
  }

  static String fromFolder(Path baseDir) {
    if (baseDir == null) {
      return null;
    }
    Path abs = baseDir.toAbsolutePath().normalize();
    return abs.getFileName() == null ? null : normalize(abs.getFileName().toString());
  }
}
