package io.orch.cli.engine;

import com.github.dockerjava.core.GoLangFileMatch;
import com.github.dockerjava.core.exception.GoLangFileMatchException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore} file as the docker CLI applies them: one pattern a line, {@code #} starts a
 * comment, a leading {@code /} is the context root, {@code !} re-includes, the last matching line wins, and a pattern
 * that matches a folder excludes everything under it. Matching itself is docker-java's Go {@code filepath.Match}
 * port, which also understands {@code **}.
 */
final class DockerIgnore {
  private record Rule(String pattern, boolean exception) {}

  static final DockerIgnore NONE = new DockerIgnore(List.of());

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Parses the file's text; a malformed pattern is an error naming its line. */
  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      String pattern = clean(exception ? line.substring(1).strip() : line);
      if (pattern.isEmpty()) {
        continue;
      }
      try {
        GoLangFileMatch.match(pattern, "probe");
      } catch (GoLangFileMatchException e) {
        throw new IllegalArgumentException(".dockerignore line " + (i + 1) + ": invalid pattern \"" + lines[i].strip()
            + "\" (" + e.getMessage() + ")");
      }
      rules.add(new Rule(pattern, exception));
    }
    return new DockerIgnore(rules);
  }

  /** Whether a path relative to the context ({@code a/b/c}, forward slashes) stays out of the context sent. */
  boolean excludes(String relativePath) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (GoLangFileMatch.match(rule.pattern(), relativePath)) {
        excluded = !rule.exception();
      }
    }
    return excluded;
  }

  /** Go's filepath.Clean for the cases that occur in ignore files, and the root slash dropped. */
  private static String clean(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && !parts.isEmpty()) {
        parts.remove(parts.size() - 1);
      } else if (!part.equals("..")) {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }
}
