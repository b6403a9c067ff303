package io.orch.core.load;

import io.orch.core.model.MountSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a service's {@code volumes} (short {@code name:/path:ro}, {@code ./rel:/path}, {@code /abs:/path},
 * {@code /path}; long form with {@code type} volume|bind|tmpfs) and {@code tmpfs} into mounts. Relative bind sources
 * are resolved against the stack file's folder and {@code ~} against HOME, as Compose does.
 */
final class VolumeParser {
  static final String SHORT_FORM = "SOURCE:TARGET[:ro|rw] or TARGET, e.g. \"data:/var/lib/data\", \"./conf:/etc/app:ro\"";
  /** Mode flags that change nothing for orch on Linux (macOS file sharing hints), accepted silently. */
  private static final Set<String> NO_OP_MODES = Set.of("rw", "cached", "delegated", "consistent");
  private static final Map<String, MountSpec.Type> TYPES =
      Map.of("volume", MountSpec.Type.VOLUME, "bind", MountSpec.Type.BIND, "tmpfs", MountSpec.Type.TMPFS);

  private final ReadContext ctx;

  VolumeParser(ReadContext ctx) {
    this.ctx = ctx;
  }

  void readVolumes(YamlNode volumes, List<MountSpec> out) {
    if (!(volumes instanceof YamlNode.Sequence seq)) {
      ctx.typeError(volumes, "a list", "volumes: [\"data:/var/lib/data\"]");
      return;
    }
    for (YamlNode item : seq.items()) {
      MountSpec mount = item instanceof YamlNode.Mapping ? readLong(item) : readShort(item);
      if (mount != null) {
        out.add(mount);
      }
    }
  }

  void readTmpfs(YamlNode tmpfs, List<MountSpec> out) {
    List<String> entries = ctx.stringList(tmpfs, true, "tmpfs: [\"/run:size=64m\"]");
    if (entries == null) {
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      YamlNode at = tmpfs instanceof YamlNode.Sequence s ? s.items().get(i) : tmpfs;
      String[] parts = entries.get(i).split(":", 2);
      Long size = null;
      Integer mode = null;
      if (parts.length == 2) {
        for (String option : parts[1].split(",")) {
          if (option.startsWith("size=")) {
            size = ctx.size(new YamlNode.Scalar(option.substring(5), YamlNode.Kind.STRING, at.mark(), at.path()));
          } else if (option.startsWith("mode=")) {
            mode = tmpfsMode(at, option.substring(5));
          } else if (option.startsWith("uid=") || option.startsWith("gid=")) {
            refuseTmpfsOwner(at, option);
          } else if (!option.isBlank()) {
            ctx.diagnostics.warning(at, "tmpfs option \"" + option + "\" is not supported, ignored",
                "only size= is honoured");
          }
        }
      }
      if (!parts[0].startsWith("/")) {
        ctx.diagnostics.error(at, "tmpfs target must be an absolute path, found \"" + parts[0] + "\"",
            "e.g. /run:size=64m");
        continue;
      }
      out.add(new MountSpec(MountSpec.Type.TMPFS, null, parts[0], false, size, mode));
    }
  }

  /** A tmpfs mode is octal as in mount(8) and chmod: 1777, 0o1777 and 01777 are all sticky and world-writable. */
  private Integer tmpfsMode(YamlNode at, String text) {
    String digits = text.strip().startsWith("0o") ? text.strip().substring(2) : text.strip();
    if (!digits.matches("[0-7]{1,5}")) {
      ctx.diagnostics.error(at, "tmpfs mode \"" + text + "\" is not an octal file mode", "e.g. mode=1777");
      return null;
    }
    return Integer.parseInt(digits, 8);
  }

  // Engine API 1.41 mounts take a tmpfs size and mode only; a tmpfs owned by root instead would change what the
  // service can write, so this is an error rather than a warning.
  private void refuseTmpfsOwner(YamlNode at, String option) {
    ctx.diagnostics.error(at, "tmpfs option " + option + " is not supported",
        "the engine's tmpfs mounts take size and mode only; use mode=1777 or chown it in the entrypoint");
  }

  private MountSpec readShort(YamlNode item) {
    String spec = ctx.string(item, "\"data:/var/lib/data\"");
    if (spec == null) {
      return null;
    }
    // -1 keeps empty parts, so ":" or "data:" are reported as invalid rather than read as something else.
    String[] parts = spec.split(":", -1);
    if (parts.length == 1) {
      if (!spec.startsWith("/")) {
        ctx.diagnostics.error(item, "anonymous volume target must be an absolute path, found \"" + spec + "\"",
            SHORT_FORM);
        return null;
      }
      return new MountSpec(MountSpec.Type.VOLUME, null, spec, false, null);
    }
    if (parts.length > 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
      ctx.diagnostics.error(item, "invalid volume \"" + spec + "\"", SHORT_FORM);
      return null;
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      for (String mode : parts[2].split(",")) {
        if (mode.equals("ro")) {
          readOnly = true;
        } else if (!NO_OP_MODES.contains(mode)) {
          ctx.diagnostics.warning(item, "volume option \"" + mode + "\" is not supported, ignored",
              "supported: ro, rw");
        }
      }
    }
    String source = parts[0];
    if (isPath(source)) {
      String host = hostPath(item, source);
      return host == null ? null : new MountSpec(MountSpec.Type.BIND, host, parts[1], readOnly, null);
    }
    return new MountSpec(MountSpec.Type.VOLUME, source, parts[1], readOnly, null);
  }

  private MountSpec readLong(YamlNode item) {
    Fields f = ctx.fields(item, "{type: volume, source: data, target: /data}");
    YamlNode typeNode = f.value("type");
    MountSpec.Type type = null;
    if (typeNode == null) {
      ctx.diagnostics.error(item, "volume type is required", "one of: volume, bind, tmpfs");
    } else {
      type = ctx.choice(typeNode, TYPES);
    }
    String target = f.string("target", "/data");
    if (target == null) {
      ctx.diagnostics.error(item, "volume target is required", "e.g. target: /data");
    }
    String source = f.string("source", "data");
    boolean readOnly = f.bool("read_only", false);
    Long tmpfsSize = null;
    Integer tmpfsMode = null;
    YamlNode volume = f.value("volume");
    if (volume != null) {
      Fields vf = ctx.fields(volume, "{nocopy: true}");
      if (vf != null) {
        YamlNode nocopy = vf.value("nocopy");
        if (nocopy != null && Boolean.TRUE.equals(ctx.bool(nocopy))) {
          ctx.diagnostics.warning(nocopy, "volume.nocopy is not supported, ignored",
              "the engine copies image content into a new volume");
        }
        YamlNode subpath = vf.take("subpath");
        if (subpath != null) {
          // Mounting the whole volume instead of one folder would change what the service sees: never a warning.
          ctx.diagnostics.error(subpath, "volume.subpath is not supported",
              "it needs Engine API 1.45 (Docker 26); orch speaks 1.41: mount the whole volume and use the folder");
        }
        vf.finish();
      }
    }
    YamlNode tmpfs = f.value("tmpfs");
    if (tmpfs != null) {
      Fields tf = ctx.fields(tmpfs, "{size: 64m}");
      if (tf != null) {
        tmpfsSize = tf.size("size");
        YamlNode modeNode = tf.value("mode");
        String modeText = modeNode == null ? null : ctx.string(modeNode, "\"1777\"");
        tmpfsMode = modeText == null ? null : tmpfsMode(modeNode, modeText);
        for (String owner : List.of("uid", "gid")) {
          YamlNode n = tf.take(owner);
          if (n != null) {
            refuseTmpfsOwner(n, owner);
          }
        }
        tf.finish();
      }
    }
    YamlNode bind = f.value("bind");
    if (bind != null) {
      Fields bf = ctx.fields(bind, "{}");
      if (bf != null) {
        bf.finish();
      }
    }
    f.finish();
    if (type == null || target == null) {
      return null;
    }
    return switch (type) {
      case TMPFS -> new MountSpec(type, null, target, readOnly, tmpfsSize, tmpfsMode);
      case VOLUME -> new MountSpec(type, source == null || source.isEmpty() ? null : source, target, readOnly, null);
      case BIND -> {
        if (source == null) {
          ctx.diagnostics.error(item, "bind mount source is required", "e.g. source: ./conf");
          yield null;
        }
        String host = hostPath(item, source);
        yield host == null ? null : new MountSpec(type, host, target, readOnly, null);
      }
    };
  }

  private static boolean isPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
  }

  /** An absolute, normalized host path, or null (error reported). */
  private String hostPath(YamlNode at, String source) {
    if (source.equals("~") || source.startsWith("~/")) {
      String home = ctx.variables.apply("HOME");
      if (home == null || home.isEmpty()) {
        ctx.diagnostics.error(at, "cannot expand ~: HOME is not set", "set HOME or use an absolute path");
        return null;
      }
      return Path.of(home + source.substring(1)).normalize().toString();
    }
    Path path = Path.of(source);
    if (path.isAbsolute()) {
      return path.normalize().toString();
    }
    if (ctx.baseDir == null) {
      ctx.diagnostics.error(at, "relative bind mount source \"" + source + "\" needs the stack file's folder",
          "use an absolute path, or load the stack from a file");
      return null;
    }
    return ctx.baseDir.toAbsolutePath().resolve(path).normalize().toString();
  }
}
