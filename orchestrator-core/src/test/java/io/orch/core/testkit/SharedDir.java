package io.orch.core.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's shared third-party test data (Compose files, Kubernetes schemas): system property
 * {@code orch.shared.dir}, else the first {@code shared/} folder found walking up from the working directory.
 */
public final class SharedDir {
  private SharedDir() {}

  public static Optional<Path> find(String child) {
    String prop = System.getProperty("orch.shared.dir");
    if (prop != null) {
      Path p = Path.of(prop).resolve(child);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared").resolve(child);
      if (Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
