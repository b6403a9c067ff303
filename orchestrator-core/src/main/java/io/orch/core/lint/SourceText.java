package io.orch.core.lint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw lines of the files a stack was loaded from. Lint needs them for what the model no longer shows: whether an
 * environment value was written literally or came from {@code ${VAR}} interpolation.
 */
@FunctionalInterface
public interface SourceText {
  /** The file's lines, or an empty list when unknown. */
  List<String> lines(String file);

  SourceText NONE = file -> List.of();

  /** Reads files from disk on first use; an unreadable file has no lines. */
  static SourceText fromFiles() {
    Map<String, List<String>> cache = new HashMap<>();
    return file -> cache.computeIfAbsent(file, f -> {
      try {
        return Files.readAllLines(Path.of(f));
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    });
  }
}
