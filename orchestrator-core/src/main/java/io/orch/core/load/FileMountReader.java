package io.orch.core.load;

import io.orch.core.model.FileMount;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a service's {@code secrets:} or {@code configs:} list, short syntax (a name) or long syntax ({@code source},
 * {@code target}, {@code uid}, {@code gid}, {@code mode}). The definitions are joined later by {@link FileObjects};
 * here each entry gets its absolute target as Compose computes it on a single engine.
 */
final class FileMountReader {
  static final String SECRETS_DIR = "/run/secrets/";

  private final ReadContext ctx;
  private final String serviceName;

  FileMountReader(ReadContext ctx, String serviceName) {
    this.ctx = ctx;
    this.serviceName = serviceName;
  }

  List<FileMount> read(YamlNode node, FileMount.Kind kind) {
    String key = kind == FileMount.Kind.SECRET ? "secrets" : "configs";
    List<FileMount> out = new ArrayList<>();
    if (!(node instanceof YamlNode.Sequence seq)) {
      ctx.typeError(node, "a list", key + ": [db-password]");
      return out;
    }
    for (YamlNode item : seq.items()) {
      FileMount mount = item instanceof YamlNode.Mapping ? longSyntax(item, kind, key) : shortSyntax(item, kind, key);
      if (mount != null) {
        ctx.remember(key, serviceName, mount.source(), item);
        out.add(mount);
      }
    }
    return out;
  }

  private FileMount shortSyntax(YamlNode item, FileMount.Kind kind, String key) {
    String source = ctx.string(item, key + ": [db-password]");
    return source == null ? null : new FileMount(kind, source, target(kind, source, null), null, null, null, null);
  }

  private FileMount longSyntax(YamlNode item, FileMount.Kind kind, String key) {
    Fields f = ctx.fields(item, "{source: db-password, target: password, mode: 0400}");
    String source = f.string("source", "source: db-password");
    String target = f.string("target", kind == FileMount.Kind.SECRET ? "target: password" : "target: /etc/app.conf");
    String uid = id(f, "uid");
    String gid = id(f, "gid");
    Integer mode = mode(f.value("mode"));
    f.finish();
    if (source == null) {
      ctx.diagnostics.error(item, key + " entry of service " + serviceName + " has no source",
          "name the top-level " + key + " entry: {source: NAME}");
      return null;
    }
    return new FileMount(kind, source, target(kind, source, target), uid, gid, mode, null);
  }

  /** A secret lives under /run/secrets unless its target is absolute; a config at /&lt;name&gt; unless set. */
  static String target(FileMount.Kind kind, String source, String target) {
    String name = target == null || target.isBlank() ? source : target;
    if (name.startsWith("/")) {
      return name;
    }
    return (kind == FileMount.Kind.SECRET ? SECRETS_DIR : "/") + name;
  }

  private String id(Fields f, String key) {
    YamlNode n = f.value(key);
    if (n == null) {
      return null;
    }
    String text = ctx.string(n, key + ": \"1000\"");
    if (text != null && !text.matches("\\d{1,10}")) {
      ctx.diagnostics.error(n, key + " must be a numeric id, got \"" + text + "\"", key + ": \"1000\"");
      return null;
    }
    return text;
  }

  /** Octal as Compose writes it ({@code 0440}, {@code 0o440}) or a decimal number ({@code 288}). */
  private Integer mode(YamlNode n) {
    if (n == null) {
      return null;
    }
    String text = ctx.string(n, "mode: 0440");
    if (text == null) {
      return null;
    }
    try {
      int mode = text.startsWith("0o") ? Integer.parseInt(text.substring(2), 8)
          : text.startsWith("0") && text.length() > 1 ? Integer.parseInt(text.substring(1), 8)
          : Integer.parseInt(text);
      if (mode >= 0 && mode <= 07777) {
        return mode;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    ctx.diagnostics.error(n, "mode must be a file mode such as 0440, got \"" + text + "\"",
        "octal with a leading 0 (0400 is read-only for its owner)");
    return null;
  }
}
