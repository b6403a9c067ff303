package io.orch.core.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's shared third-party test data (Compose files, Kubernetes schemas): system property
 * {@code orch.shared.dir}, else the first {@code shared/} folder found walking up from the working directory.
 * The data lives beside the repository, not in it: a developer without it sees the tests skipped, saying why, but
 * under CI ({@code CI=true}) a missing folder fails the test, so that a run that checked nothing cannot pass.
 */
public final class SharedDir {
  private SharedDir() {}

  /** The folder {@code shared/<child>}; skips the test without it, or fails it under CI. */
  public static Path require(String child) {
    Optional<Path> found = find(child);
    String why = "shared/" + child + " not found (walked up from " + Path.of("").toAbsolutePath()
        + "; set -Dorch.shared.dir): third-party test data kept beside the repository, not in it";
    if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + "; CI=true, so this fails instead of skipping");
    }
    assumeTrue(found.isPresent(), "skipped: " + why);
    return found.get();
  }

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
