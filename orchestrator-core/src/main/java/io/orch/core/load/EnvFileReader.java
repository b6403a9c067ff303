package io.orch.core.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a service's {@code env_file} (a path, a list of paths, or long entries {@code {path, required}}), relative to
 * the stack file's folder. Later files override earlier ones; {@code environment} overrides them all.
 */
final class EnvFileReader {
  private final ReadContext ctx;

  EnvFileReader(ReadContext ctx) {
    this.ctx = ctx;
  }

  Map<String, String> read(YamlNode envFile) {
    Map<String, String> out = new LinkedHashMap<>();
    if (envFile instanceof YamlNode.Sequence seq) {
      seq.items().forEach(item -> readEntry(item, out));
    } else {
      readEntry(envFile, out);
    }
    return out;
  }

  private void readEntry(YamlNode entry, Map<String, String> out) {
    String path;
    boolean required = true;
    YamlNode at = entry;
    if (entry instanceof YamlNode.Mapping) {
      Fields f = ctx.fields(entry, "{path: ./app.env, required: false}");
      path = f.string("path", "./app.env");
      required = f.bool("required", true);
      f.finish();
      if (path == null) {
        ctx.diagnostics.error(entry, "env_file entry needs a path", "e.g. {path: ./app.env, required: false}");
        return;
      }
    } else {
      path = ctx.string(entry, "./app.env");
      if (path == null) {
        return;
      }
    }
    if (ctx.baseDir == null) {
      ctx.diagnostics.error(at, "env_file \"" + path + "\" cannot be read: the stack was not loaded from a file",
          "inline the variables under environment:");
      return;
    }
    Path file = ctx.baseDir.resolve(path).normalize();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (required) {
        ctx.diagnostics.error(at, "env_file " + file + " not found",
            "create it, or use the long form {path: " + path + ", required: false}");
      }
      return;
    } catch (IOException e) {
      ctx.diagnostics.error(at, "cannot read env_file " + file + ": " + e.getMessage(), "check the file's permissions");
      return;
    }
    DotEnv.Parsed parsed = DotEnv.parse(text, ctx.variables);
    parsed.problems().forEach(p -> ctx.diagnostics.error(at, "env_file " + path + " " + p,
        "lines are KEY=VALUE, # starts a comment"));
    out.putAll(parsed.values());
  }
}
