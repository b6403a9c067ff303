package io.orch.cli;

import io.orch.core.load.Diagnostic;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * `-f FILE` (repeatable), `-p NAME` and `--profile`: which stack files, project and profiles, found and loaded as
 * Compose does: without -f, the files of {@code COMPOSE_FILE} (split at {@code COMPOSE_PATH_SEPARATOR}, default the
 * platform's path separator), else the first of {@link #DEFAULT_FILES} in the current folder plus the first of
 * {@link #OVERRIDE_FILES} beside it; with several files, later ones override earlier ones. Without -p,
 * {@code COMPOSE_PROJECT_NAME}; profiles add to {@code COMPOSE_PROFILES}.
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

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Enable services of this profile (repeatable;"
      + " adds to COMPOSE_PROFILES).")
  List<String> profiles = List.of();

  /** Where COMPOSE_FILE, COMPOSE_PATH_SEPARATOR, COMPOSE_PROJECT_NAME and COMPOSE_PROFILES come from (tests: a map). */
  Map<String, String> environment = System.getenv();

  /** -p, else {@code COMPOSE_PROJECT_NAME} from the environment; null when neither is given. */
  String projectName() {
    if (projectName != null) {
      return projectName;
    }
    String fromEnvironment = environment.get("COMPOSE_PROJECT_NAME");
    return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
  }

  /** {@code COMPOSE_FILE}'s paths, relative to {@code folder}; empty when it is not set. */
  List<Path> composeFileVariable(Path folder) {
    String value = environment.get("COMPOSE_FILE");
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String separator = environment.getOrDefault("COMPOSE_PATH_SEPARATOR", File.pathSeparator);
    List<Path> out = new ArrayList<>();
    for (String part : value.split(Pattern.quote(separator.isEmpty() ? File.pathSeparator
        : separator))) {
      if (!part.isBlank()) {
        out.add(folder.resolve(part.strip()));
      }
    }
    return out;
  }

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
    List<Path> fromVariable = composeFileVariable(folder);
    if (!fromVariable.isEmpty()) {
      for (Path file : fromVariable) {
        if (!Files.isRegularFile(file)) {
          throw CliException.badInput("stack file " + file + " (named in COMPOSE_FILE) not found");
        }
      }
      return fromVariable;
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
    LoadResult result = new StackLoader(environment).load(paths, projectName(), Set.copyOf(profiles));
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
   * The stack a command acts on. -p (or COMPOSE_PROJECT_NAME) always wins, without reading any file: `orch down -p
   * other` in a folder holding another stack's file must remove "other", never the folder's stack. Without it, the
   * files' stack.
   */
  String stackNameOrFail(PrintWriter err) {
    String named = projectName();
    return named != null ? named : loadOrFail(err).stack().name();
  }

  static Set<String> set(List<String> values) {
    return new LinkedHashSet<>(values);
  }
}
