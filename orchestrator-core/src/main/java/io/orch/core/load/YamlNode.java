package io.orch.core.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with where it sits: its 1-based line/column and its key path ({@code services.web.ports[0]}). Our own
 * tree (not Jackson's JsonNode) because every diagnostic needs the position of the value it talks about.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
  Mark mark();

  String path();

  /** The same node as if it sat at another path (aliases and merge keys copy a subtree to a new place). */
  YamlNode at(String newPath);

  /**
   * 1-based position; {@code file} names the file it was read from once several files make one tree (include,
   * extends, -f overrides), null while a single file is read.
   */
  record Mark(int line, int column, String file) {
    static final Mark NONE = new Mark(0, 0);

    Mark(int line, int column) {
      this(line, column, null);
    }

    Mark inFile(String name) {
      return new Mark(line, column, name);
    }
  }

  /** Compose's merge tags on a value: {@code !reset} removes it, {@code !override} replaces instead of merging. */
  enum Tag { NONE, RESET, OVERRIDE }

  /** A key with its position, value and merge tag. */
  record Entry(String key, Mark keyMark, YamlNode value, Tag tag) {
    Entry(String key, Mark keyMark, YamlNode value) {
      this(key, keyMark, value, Tag.NONE);
    }

    Entry withValue(YamlNode newValue) {
      return new Entry(key, keyMark, newValue, tag);
    }
  }

  /** What YAML made of a plain scalar; the text is kept as written so that {@code no} or {@code 0755} survive. */
  enum Kind { STRING, INT, FLOAT, BOOL, NULL }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** A mapping; keys keep file order. */
  record Mapping(Map<String, Entry> entries, Mark mark, String path) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    YamlNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    @Override
    public Mapping at(String newPath) {
      Map<String, Entry> moved = new LinkedHashMap<>();
      entries.forEach((k, e) -> moved.put(k, e.withValue(e.value().at(child(newPath, k)))));
      return new Mapping(moved, mark, newPath);
    }
  }

  /** A sequence. */
  record Sequence(List<YamlNode> items, Mark mark, String path) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public Sequence at(String newPath) {
      List<YamlNode> moved = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        moved.add(items.get(i).at(item(newPath, i)));
      }
      return new Sequence(moved, mark, newPath);
    }
  }

  /** A scalar; {@code text} is the value as written (after interpolation for strings). */
  record Scalar(String text, Kind kind, Mark mark, String path) implements YamlNode {
    boolean isNull() {
      return kind == Kind.NULL;
    }

    Scalar withText(String newText) {
      return new Scalar(newText, kind, mark, path);
    }

    @Override
    public Scalar at(String newPath) {
      return new Scalar(text, kind, mark, newPath);
    }
  }
}
