package io.orch.cli;

import io.orch.core.k8s.KustomizeLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes an export's files as one directory, all or nothing: the files go to a hidden staging directory beside
 * {@code DIR}, which then takes DIR's place by a rename. A failure midway leaves DIR as it was, and a re-export does
 * not leave the files of objects that no longer exist (which `kubectl apply -f DIR` would still apply). DIR must be
 * new, empty, or an earlier orch export (its kustomization.yaml or Chart.yaml starts with orch's marker): anything
 * else is the user's and is refused.
 */
final class ExportDirectory {
  private ExportDirectory() {}

  static void write(Path dir, Map<String, String> files) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    checkReplaceable(target);
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".orch-new-");
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path file = staging.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      }
      if (Files.exists(target)) {
        Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".orch-old-");
        Files.delete(old);
        move(target, old);
        move(staging, target);
        deleteTree(old);
      } else {
        move(staging, target);
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(staging);
      throw e;
    }
  }

  private static void checkReplaceable(Path target) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw CliException.badInput(target + " exists and is not a directory; pick a new directory for -o");
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isEmpty()) {
        return;
      }
    }
    if (!writtenByOrch(target.resolve(KustomizeLayout.FILE)) && !writtenByOrch(target.resolve("Chart.yaml"))) {
      throw CliException.badInput(target + " is not empty and not an earlier orch export (no " + KustomizeLayout.FILE
          + " or Chart.yaml written by orch): nothing written; pick a new or empty directory");
    }
  }

  private static boolean writtenByOrch(Path file) throws IOException {
    return Files.isRegularFile(file)
        && Files.readString(file, StandardCharsets.UTF_8).startsWith(KustomizeLayout.MARKER);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
