package io.orch.core.load;

import io.orch.core.load.YamlNode.Entry;
import io.orch.core.load.YamlNode.Mapping;
import io.orch.core.load.YamlNode.Scalar;
import io.orch.core.load.YamlNode.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes the one tree a project is read from, in compose-go's order: each file is parsed, its marks name the file,
 * it is interpolated with its own variables and its {@code include:} resolved; the files given with -f (or found
 * with their override file) are merged in order with {@link ComposeMerge}, {@code extends:} resolved after each.
 */
final class ComposeFiles {
  /**
   * A file being read: its name in diagnostics, its absolute path (null for a request body), the folder its relative
   * paths resolve against (null: none can), and the variables it is interpolated with.
   */
  record Origin(String name, Path file, Path dir, Function<String, String> variables) {
    String identity() {
      return file == null ? name : file + "|" + dir;
    }
  }

  /** One of the project's files and its text. */
  record Source(Origin origin, String text) {}

  private final Diagnostics diagnostics;
  private final Path projectDir;
  private final Path displayDir;
  private final Map<String, YamlNode> raw = new HashMap<>();
  private final Deque<Origin> including = new ArrayDeque<>();
  private final IncludeResolver includes = new IncludeResolver(this);

  /**
   * @param projectDir the absolute folder of the first file (null for a request body)
   * @param displayDir that folder as the user named it (null: the current folder), for the names in diagnostics
   */
  ComposeFiles(Diagnostics diagnostics, Path projectDir, Path displayDir) {
    this.diagnostics = diagnostics;
    this.projectDir = projectDir;
    this.displayDir = displayDir;
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The project's tree: the files merged (see {@link #merge}), then the tags left applied; null as merge. */
  YamlNode project(List<Source> sources) {
    YamlNode merged = merge(sources);
    return merged == null ? null : ComposeMerge.strip(merged);
  }

  /**
   * Files merged in order, each parsed, interpolated and its includes resolved first; extends: is resolved on the
   * merged tree after each file, as compose-go does, so an override file's service can extend one of the files
   * before it. Null when a file is not YAML at all (reported).
   */
  YamlNode merge(List<Source> sources) {
    YamlNode merged = null;
    for (Source source : sources) {
      YamlNode tree = raw(source.origin(), source.text());
      if (tree == null) {
        return null;
      }
      if (merged == null) {
        merged = tree;
      } else if (merged instanceof Mapping base && tree instanceof Mapping override) {
        merged = ComposeMerge.files(base, override);
      } else {
        diagnostics.error(tree, "a Compose file must be a mapping, found " + ReadContext.describe(tree),
            "start the file with services:");
      }
      if (merged instanceof Mapping m) {
        merged = new ExtendsResolver(this).apply(m, sources.get(0).origin());
      }
    }
    return merged;
  }

  /** A file read from disk (memoized: a file several services extend is parsed once), null when unreadable. */
  YamlNode rawFile(Origin origin, YamlNode referencedAt) {
    String key = origin.identity();
    if (raw.containsKey(key)) {
      return raw.get(key);
    }
    String text = read(origin.file(), referencedAt);
    YamlNode root = text == null ? null : raw(origin, text);
    raw.put(key, root);
    return root;
  }

  /** A file's text, or null with an error at the node that names the file. */
  String read(Path file, YamlNode referencedAt) {
    if (!Files.isRegularFile(file)) {
      diagnostics.error(referencedAt, display(file) + " not found", "paths are relative to the folder of the file"
          + " that names them");
      return null;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      diagnostics.error(referencedAt, "cannot read " + display(file) + ": " + e.getMessage(),
          "check the file's permissions");
      return null;
    }
  }

  /** Parsed, located in its file, interpolated, includes resolved. */
  private YamlNode raw(Origin origin, String text) {
    Diagnostics own = diagnostics.forFile(origin.name());
    YamlNode root = new YamlTreeReader(own).read(text);
    if (root == null) {
      return null;
    }
    root = new TreeInterpolator(new Interpolator(origin.variables()), own).apply(inFile(root, origin.name()));
    if (!(root instanceof Mapping m)) {
      return root;
    }
    including.push(origin);
    try {
      return includes.apply(m, origin);
    } finally {
      including.pop();
    }
  }

  /** The chain of files being included that already holds {@code file}, ending with it; empty when none does. */
  List<String> includeCycle(Path file) {
    List<String> chain = new ArrayList<>();
    boolean found = false;
    for (var it = including.descendingIterator(); it.hasNext(); ) {
      Origin o = it.next();
      found |= file.equals(o.file());
      if (found) {
        chain.add(o.name());
      }
    }
    if (found) {
      chain.add(display(file));
    }
    return chain;
  }

  /** How diagnostics name a file: relative to the first file's folder as the user wrote it. */
  String display(Path file) {
    if (projectDir == null) {
      return file.toString();
    }
    Path relative = projectDir.relativize(file.toAbsolutePath().normalize());
    return (displayDir == null ? relative : displayDir.resolve(relative)).normalize().toString();
  }

  /** Every mark of the tree names the file, so that diagnostics stay right once trees of several files merge. */
  static YamlNode inFile(YamlNode node, String file) {
    if (node instanceof Mapping m) {
      Map<String, Entry> out = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> out.put(k, new Entry(k, e.keyMark().inFile(file), inFile(e.value(), file),
          e.tag())));
      return new Mapping(out, m.mark().inFile(file), m.path());
    }
    if (node instanceof Sequence s) {
      return new Sequence(s.items().stream().map(i -> inFile(i, file)).toList(), s.mark().inFile(file), s.path());
    }
    Scalar s = (Scalar) node;
    return new Scalar(s.text(), s.kind(), s.mark().inFile(file), s.path());
  }
}
