package io.orch.agent.cli;

import io.orch.core.load.Diagnostic;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * `-f FILE` (repeatable), `-p NAME` and `--profile`: which stack files and project, found and loaded as Compose does:
 * without -f, the first of {@link #DEFAULT_FILES} in the current folder plus the first of {@link #OVERRIDE_FILES}
 * beside it; with several files, later ones override earlier ones.
 */
final class StackFileOptions {
  static final List<String> DEFAULT_FILES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "stack.yml", "stack.yaml");
  /** compose-go's DefaultOverrideFileNames, in its order. */
  static final List<String> OVERRIDE_FILES = List.of("compose.override.yml", "compose.override.yaml",
      "docker-compose.override.yml", "docker-compose.override.yaml");

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Stack file; repeat to merge override files in order (default: compose.yaml, docker-compose.yml"
          + " or stack.yml in the current folder, plus compose.override.yaml beside it).")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
      description = "Stack name; wins over the file's name: and over a stack file in the current folder (default:"
          + " name:, else the file's folder name).")
  String projectName;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Enable services of this profile (repeatable).")
  List<String> profiles = List.of();

  /** The files to load: those given with -f, else the ones found in {@code folder}. */
  List<Path> resolveFiles(Path folder, PrintWriter err) {
    if (!files.isEmpty()) {
      for (Path file : files) {
        if (!Files.isRegularFile(file)) {
          throw CliException.badInput("stack file " + file + " not found");
        }
      }
      return files;
    }
    List<Path> found = discover(folder, err);
    if (found.isEmpty()) {
      throw CliException.badInput("no stack file: pass -p NAME (the stack's name, see `orch ls`) or -f FILE (looked"
          + " for " + String.join(", ", DEFAULT_FILES) + " in the current folder)");
    }
    return found;
  }

  /**
   * Compose's discovery in one folder: the first default file and the first override file beside it; several
   * candidates of one kind are named on {@code err} with the one used. Empty when there is no default file.
   */
  static List<Path> discover(Path folder, PrintWriter err) {
    List<Path> stackFiles = existing(folder, DEFAULT_FILES);
    if (stackFiles.isEmpty()) {
      return List.of();
    }
    List<Path> overrides = existing(folder, OVERRIDE_FILES);
    warnIfSeveral(stackFiles, err);
    warnIfSeveral(overrides, err);
    return overrides.isEmpty() ? List.of(stackFiles.get(0)) : List.of(stackFiles.get(0), overrides.get(0));
  }

  private static List<Path> existing(Path folder, List<String> names) {
    return names.stream().map(folder::resolve).filter(Files::isRegularFile).toList();
  }

  private static void warnIfSeveral(List<Path> candidates, PrintWriter err) {
    if (candidates.size() > 1) {
      err.println("warning: found " + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))
          + "; using " + candidates.get(0) + " (pass -f to choose)");
      err.flush();
    }
  }

  /** Loads the files, prints every diagnostic to {@code err}, and fails with exit code 2 if any is an error. */
  LoadResult loadOrFail(PrintWriter err) {
    List<Path> paths = resolveFiles(Path.of(""), err);
    LoadResult result = new StackLoader(System.getenv()).load(paths, projectName, Set.copyOf(profiles));
    for (Diagnostic d : result.diagnostics()) {
      err.println(d);
    }
    if (!result.ok()) {
      throw CliException.badInput(paths.stream().map(Path::toString).collect(Collectors.joining(" + ")) + ": "
          + result.errors().size() + " error(s); nothing was changed");
    }
    return result;
  }

  /**
   * The stack a command acts on. -p always wins, without reading any file: `orch down -p other` in a folder holding
   * another stack's file must remove "other", never the folder's stack. Without -p, the files' stack.
   */
  String stackNameOrFail(PrintWriter err) {
    return projectName != null ? projectName : loadOrFail(err).stack().name();
  }

  static Set<String> set(List<String> values) {
    return new LinkedHashSet<>(values);
  }
}
