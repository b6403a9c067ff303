package io.orch.core.lint;

import io.orch.core.load.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where keys are in the stack file (from the loader) and, when available, the file's text. */
public final class LintContext {
  private static final Pattern ENV_PATH = Pattern.compile("services\\.([^.]+)\\.environment\\.(.+)");
  private static final Pattern LAST_SEGMENT = Pattern.compile("(\\[\\d+]|\\.[^.\\[]+)$");

  private final Map<String, SourceLocation> locations;
  private final SourceText source;

  public LintContext(Map<String, SourceLocation> locations, SourceText source) {
    this.locations = Map.copyOf(locations);
    this.source = source;
  }

  static LintContext empty() {
    return new LintContext(Map.of(), SourceText.NONE);
  }

  /**
   * The location of {@code path}, or of its nearest recorded parent ({@code services.web.ports[3]} -> ports). An
   * environment entry written in list form ({@code - NAME=value}) is found by its text.
   */
  public Optional<SourceLocation> locate(String path) {
    if (!locations.containsKey(path)) {
      Matcher env = ENV_PATH.matcher(path);
      if (env.matches()) {
        Optional<SourceLocation> entry = environmentLine(env.group(1), env.group(2)).map(EnvLine::location);
        if (entry.isPresent() && entry.get() != null) {
          return entry;
        }
      }
    }
    for (String p = path; p != null && !p.isEmpty(); p = parent(p)) {
      SourceLocation loc = locations.get(p);
      if (loc != null) {
        return Optional.of(loc);
      }
    }
    return Optional.empty();
  }

  private static String parent(String path) {
    String parent = LAST_SEGMENT.matcher(path).replaceFirst("");
    return parent.equals(path) ? null : parent;
  }

  /** An environment entry's line in the stack file; location null and text empty when it is not in the file. */
  record EnvLine(SourceLocation location, String text) {
    static final EnvLine ABSENT = new EnvLine(null, "");
  }

  /**
   * How an environment variable of a service is written in the stack file, found from the {@code environment} key
   * down (list and map forms alike). Empty when the file is unknown; {@link EnvLine#ABSENT} when the file is known
   * but the entry is not in it (the value came from an env_file).
   */
  Optional<EnvLine> environmentLine(String service, String name) {
    String envPath = "services." + service + ".environment";
    SourceLocation exact = locations.get(envPath + "." + name);
    SourceLocation block = exact != null ? exact : locations.get(envPath);
    if (block == null) {
      return Optional.empty();
    }
    List<String> lines = source.lines(block.file());
    if (lines.isEmpty() || block.line() < 1 || block.line() > lines.size()) {
      return Optional.empty();
    }
    if (exact != null) {
      return Optional.of(new EnvLine(exact, lines.get(exact.line() - 1)));
    }
    Pattern entry = Pattern.compile("(^|[\\s\"'-])" + Pattern.quote(name) + "[\"']?\\s*[:=]");
    int blockIndent = indent(lines.get(block.line() - 1));
    for (int i = block.line() - 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.trim().startsWith("#")) {
        continue;
      }
      if (i > block.line() - 1 && indent(line) <= blockIndent) {
        break;
      }
      Matcher m = entry.matcher(line);
      if (m.find()) {
        return Optional.of(new EnvLine(new SourceLocation(block.file(), i + 1, m.start(1) + m.group(1).length() + 1),
            line));
      }
    }
    // The block is known but the name is not in it: the value came from somewhere else (env_file).
    return Optional.of(EnvLine.ABSENT);
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
