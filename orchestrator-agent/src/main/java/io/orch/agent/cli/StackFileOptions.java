package io.orch.agent.cli;

import io.orch.core.load.Diagnostic;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** `-f FILE`, `-p NAME` and `--profile`: which stack file and project, loaded as Compose would. */
final class StackFileOptions {
  private static final List<String> DEFAULT_FILES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "stack.yml", "stack.yaml");

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Stack file (default: compose.yaml, docker-compose.yml or stack.yml in the current folder).")
  Path file;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
      description = "Stack name when the file has no name: (default: the file's folder name).")
  String projectName;

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Enable services of this profile (repeatable).")
  List<String> profiles = List.of();

  Path resolveFile() {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw CliException.badInput("stack file " + file + " not found");
      }
      return file;
    }
    for (String name : DEFAULT_FILES) {
      Path p = Path.of(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw CliException.badInput("no stack file: pass -p NAME (the stack's name, see `orch ls`) or -f FILE (looked for "
        + String.join(", ", DEFAULT_FILES) + " in the current folder)");
  }

  /** Loads the file, prints every diagnostic to {@code err}, and fails with exit code 2 if any is an error. */
  LoadResult loadOrFail(PrintWriter err) {
    Path path = resolveFile();
    LoadResult result = new StackLoader(System.getenv()).load(path, projectName, Set.copyOf(profiles));
    for (Diagnostic d : result.diagnostics()) {
      err.println(d);
    }
    if (!result.ok()) {
      throw CliException.badInput(path + ": " + result.errors().size() + " error(s); nothing was changed");
    }
    return result;
  }

  /** The stack name without loading fully: -p wins here only when no file can be found. */
  String stackNameOrFail(PrintWriter err) {
    if (file == null && projectName != null) {
      boolean anyDefault = DEFAULT_FILES.stream().anyMatch(n -> Files.isRegularFile(Path.of(n)));
      if (!anyDefault) {
        return projectName;
      }
    }
    return loadOrFail(err).stack().name();
  }

  static Set<String> set(List<String> values) {
    return new LinkedHashSet<>(values);
  }
}
