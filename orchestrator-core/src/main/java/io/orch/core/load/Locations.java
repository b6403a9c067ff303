package io.orch.core.load;

import java.util.HashMap;
import java.util.Map;

/** Where every key path and list item of the tree sits, for LoadResult.locations and for cross-reference errors. */
final class Locations {
  private final Map<String, YamlNode.Mark> marks = new HashMap<>();

  static Locations of(YamlNode root) {
    Locations l = new Locations();
    l.walk(root);
    return l;
  }

  private void walk(YamlNode node) {
    if (node instanceof YamlNode.Mapping m) {
      m.entries().values().forEach(e -> {
        marks.put(e.value().path(), e.keyMark());
        walk(e.value());
      });
    } else if (node instanceof YamlNode.Sequence s) {
      s.items().forEach(item -> {
        marks.put(item.path(), item.mark());
        walk(item);
      });
    }
  }

  /** The mark of the path, else of its closest recorded parent. */
  YamlNode.Mark of(String path) {
    String p = path;
    while (!p.isEmpty()) {
      YamlNode.Mark m = marks.get(p);
      if (m != null) {
        return m;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
    return YamlNode.Mark.NONE;
  }

  Map<String, SourceLocation> toSourceLocations(String file) {
    Map<String, SourceLocation> out = new HashMap<>();
    marks.forEach((path, m) -> out.put(path, new SourceLocation(m.file() != null ? m.file() : file, m.line(),
        m.column())));
    return out;
  }
}
