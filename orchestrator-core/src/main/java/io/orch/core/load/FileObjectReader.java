package io.orch.core.load;

import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the top-level {@code secrets} and {@code configs} declarations into where their bytes come from. A file's
 * bytes are read here only for their digest (the spec hash carries it, so a new content rolls the service); the path
 * travels, the content does not. An {@code environment:} source is resolved now, as Compose does when it loads.
 */
final class FileObjectReader {
  /** A declared object; {@code from} is null when it cannot be used, {@code problem} then says why. */
  record Declared(String name, FileSource from, YamlNode at, String problem, String hint, boolean external) {
    Declared(String name, FileSource from, YamlNode at, String problem, String hint) {
      this(name, from, at, problem, hint, false);
    }

    /** A file that is not there yet: usable (the agent says so when it creates the container), worth a warning. */
    boolean missingFile() {
      return from != null && from.file() != null && from.digest() == null;
    }
  }

  private final ReadContext ctx;
  private final NameChecks names;

  FileObjectReader(ReadContext ctx) {
    this.ctx = ctx;
    this.names = new NameChecks(ctx.diagnostics);
  }

  Map<String, Declared> read(YamlNode node, FileMount.Kind kind) {
    String word = kind == FileMount.Kind.SECRET ? "secret" : "config";
    Map<String, Declared> out = new LinkedHashMap<>();
    Fields all = ctx.fields(node, word + "s: {db-password: {file: ./db_password.txt}}");
    if (all == null) {
      return out;
    }
    all.node().entries().forEach((name, e) -> {
      if (name.startsWith("x-")) {
        return;
      }
      all.take(name);
      names.key(word, name, e.keyMark(), e.value().path());
      Fields f = ctx.fields(e.value(), "{file: ./" + name + ".txt}");
      if (f != null) {
        Declared d = declared(name, kind, word, f);
        // A broken declaration was reported here; a service using it is not reported a second time.
        out.put(name, d != null ? d : new Declared(name, null, e.value(), null, null));
      }
    });
    return out;
  }

  private Declared declared(String name, FileMount.Kind kind, String word, Fields f) {
    YamlNode file = f.value("file");
    YamlNode environment = f.value("environment");
    // content: is Compose's for configs; orch also reads it for secrets, the form its own normalized output uses.
    YamlNode content = f.value("content");
    YamlNode external = f.value("external");
    // The digest StackWriter#toStored pins beside a file's path; an extension key, so other readers ignore it.
    YamlNode pinnedDigest = f.value(StackWriter.PINNED_DIGEST);
    YamlNode nameNode = f.value("name");
    if (nameNode != null) {
      String engineName = ctx.string(nameNode, "name: my-" + word);
      // Only checked when set: orch does not use it (no store to name things in); ${UNSET} leaves it empty.
      if (engineName != null && !engineName.isEmpty()) {
        names.engineName(nameNode, engineName);
      }
    }
    f.stringMap("labels", false, "labels: {team: web}");
    f.unsupported("driver", "orch has no " + word + " store; use file:, environment:"
        + (kind == FileMount.Kind.CONFIG ? " or content:" : ""));
    f.unsupported("driver_opts", "orch has no " + word + " store");
    f.unsupported("template_driver", "orch copies the " + word + " as is, without templating");
    f.finish();
    // Boolean.TRUE, not true: a boolean branch would unbox the other one, and ctx.bool is null for a bad value.
    Boolean isExternal = external instanceof YamlNode.Scalar ? ctx.bool(external) : Boolean.TRUE;
    if (external != null && Boolean.TRUE.equals(isExternal)) {
      // An error for a service that uses it (it would start without the file); docker compose config loads it.
      return new Declared(name, null, external, word + " " + name + " is external, and orch has no " + word
          + " store", "declare it with file: ./" + name + ".txt or environment: VARIABLE", true);
    }
    int sources = (file == null ? 0 : 1) + (environment == null ? 0 : 1) + (content == null ? 0 : 1);
    String choices = kind == FileMount.Kind.CONFIG ? "file:, environment: or content:" : "file: or environment:";
    if (sources != 1) {
      ctx.diagnostics.error(f.node(), word + " " + name + (sources == 0 ? " has no source" : " has several sources"),
          "give exactly one of " + choices);
      return null;
    }
    if (content != null) {
      String text = ctx.string(content, "content: |\n  debug=true");
      return text == null ? null : new Declared(name, FileSource.ofContent(text), content, null, null);
    }
    if (environment != null) {
      String variable = ctx.string(environment, "environment: DB_PASSWORD");
      if (variable == null) {
        return null;
      }
      String value = ctx.variables.apply(variable);
      return value == null
          ? new Declared(name, null, environment, word + " " + name + " reads the variable " + variable
              + ", which is not set", "set " + variable + " in the environment or in .env")
          : new Declared(name, FileSource.ofVariable(variable, value), environment, null, null);
    }
    if (ctx.storedForm) {
      return pinned(name, file, pinnedDigest);
    }
    return fromFile(name, word, file);
  }

  /** A stored file source: the path and the digest it had when submitted (none: it was missing then). */
  private Declared pinned(String name, YamlNode file, YamlNode digest) {
    String path = ctx.string(file, "file: /srv/" + name + ".txt");
    String sha = digest == null ? null : ctx.string(digest, StackWriter.PINNED_DIGEST + ": <sha256 hex>");
    return path == null ? null : new Declared(name, FileSource.ofFile(path, sha), file, null, null);
  }

  private Declared fromFile(String name, String word, YamlNode node) {
    String text = ctx.string(node, "file: ./" + name + ".txt");
    if (text == null) {
      return null;
    }
    Path path = Path.of(text);
    if (!path.isAbsolute()) {
      if (ctx.baseDir == null) {
        return new Declared(name, null, node, word + " file \"" + text + "\" is relative and the stack was not"
            + " loaded from a file", "give an absolute path");
      }
      path = ctx.baseDir.resolve(path);
    }
    path = path.normalize();
    try {
      return new Declared(name, FileSource.ofFile(path.toString(), FileSource.sha256(Files.readAllBytes(path))), node,
          null, null);
    } catch (NoSuchFileException e) {
      // As docker compose config: the file may be created before the stack starts; the agent reports it if not.
      return new Declared(name, FileSource.ofFile(path.toString(), null), node, word + " file " + path
          + " not found", "create it before orch up, or fix the path");
    } catch (IOException e) {
      return new Declared(name, null, node, "cannot read " + word + " file " + path + ": " + e.getMessage(),
          "check the file's permissions");
    }
  }
}
