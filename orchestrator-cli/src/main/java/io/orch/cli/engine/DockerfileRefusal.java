package io.orch.cli.engine;

import io.orch.core.model.BuildSpec;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to tell the user when the engine refuses a build request (HTTP 4xx before any step ran). A Dockerfile the
 * engine cannot parse is the usual case: the engine answers {@code dockerfile parse error line 2: unknown
 * instruction: RUNN} and nothing else, so the file is named here ({@code web/Dockerfile:2: unknown instruction:
 * RUNN}), as a compiler would; any other refusal keeps the engine's words. The line number is only in the engine's
 * text (no field carries it), hence the one pattern, which falls back to the engine's words when it does not match.
 */
public final class DockerfileRefusal {
  // 20.10's classic builder: "dockerfile parse error line 2: ..."; BuildKit: "dockerfile parse error on line 2: ...".
  private static final Pattern PARSE_ERROR =
      Pattern.compile("(?is).*dockerfile parse error (?:on )?line (\\d+): (.+)");

  private DockerfileRefusal() {}

  /** The message for a refused build of {@code spec}, from the engine's own message. */
  public static String describe(BuildSpec spec, String engineMessage) {
    Matcher m = PARSE_ERROR.matcher(engineMessage.strip());
    if (!m.matches()) {
      return "the engine refused the build: " + engineMessage.strip();
    }
    return dockerfile(spec) + ":" + m.group(1) + ": " + m.group(2).strip()
        + " (the engine cannot parse the Dockerfile; fix that line)";
  }

  /** The Dockerfile as the user knows it: the path in the context, or the stack file's inline one. */
  static String dockerfile(BuildSpec spec) {
    if (spec.dockerfileInline() != null) {
      return "build.dockerfile_inline";
    }
    String name = spec.dockerfile() == null ? "Dockerfile" : spec.dockerfile();
    if (spec.remoteContext()) {
      return spec.context() + " " + name;
    }
    return Path.of(spec.context()).resolve(name).toString();
  }
}
