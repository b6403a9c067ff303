package io.orch.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found by walking up from the working directory to the folder holding {@code examples/}. */
public final class RepoRoot {
  private RepoRoot() {}

  public static Path examples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples").resolve("prometheus"))) {
        return dir.resolve("examples");
      }
    }
    throw new AssertionError("no examples/prometheus above " + Path.of("").toAbsolutePath());
  }
}
