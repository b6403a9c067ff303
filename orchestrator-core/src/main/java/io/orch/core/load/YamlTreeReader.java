package io.orch.core.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.orch.core.load.YamlNode.Entry;
import io.orch.core.load.YamlNode.Kind;
import io.orch.core.load.YamlNode.Mark;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a located {@link YamlNode} tree with Jackson's streaming YAMLParser. Resolves anchors, aliases
 * and {@code <<} merge keys (Compose files use them for shared fragments) and reports duplicate keys as Compose does.
 * Stays within {@link ParserLimits}: a document too large, too deep or expanding too far is one error, and no tree.
 */
final class YamlTreeReader {
  private static final YAMLFactory FACTORY = ParserLimits.yamlFactory();

  private final Diagnostics diagnostics;
  private final Map<String, Anchored> anchors = new HashMap<>();
  private final ExpansionBudget budget = new ExpansionBudget();
  private YAMLParser parser;
  /** The path of the node being read: where a limit was reached. */
  private String at = "";

  /** An anchored node and what it cost, so that each alias is charged for its copy before the copy is made. */
  private record Anchored(YamlNode node, ExpansionBudget.Weight weight) {}

  YamlTreeReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The document's root, or null after a syntax error (already reported). An empty document is an empty mapping. */
  YamlNode read(String text) {
    try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
      this.parser = p;
      JsonToken first = p.nextToken();
      if (first == null) {
        return new YamlNode.Mapping(Map.of(), new Mark(1, 1), "");
      }
      return node("");
    } catch (ExpansionBudget.Exceeded e) {
      diagnostics.add(Diagnostic.Severity.ERROR, mark(), at, e.getMessage(), e.hint());
      return null;
    } catch (StreamConstraintsException e) {
      Mark mark = e.getLocation() == null ? mark() : markOf(e.getLocation());
      if (parser.getParsingContext().getNestingDepth() >= ParserLimits.MAX_NESTING_DEPTH) {
        diagnostics.add(Diagnostic.Severity.ERROR, mark, "", "the document nests deeper than "
            + ParserLimits.MAX_NESTING_DEPTH + " levels", "a stack file needs far fewer; look for runaway [ or {");
      } else {
        diagnostics.add(Diagnostic.Severity.ERROR, mark, "", "the document exceeds a parser limit: "
            + e.getOriginalMessage().strip(), "shorten the value at this position");
      }
      return null;
    } catch (JsonProcessingException e) {
      Mark mark = markOf(e.getLocation());
      if (text.codePointCount(0, text.length()) > ParserLimits.MAX_DOCUMENT_SIZE) {
        // SnakeYAML stopped at its code point limit; whatever it says, the size is the problem.
        diagnostics.add(Diagnostic.Severity.ERROR, mark, "", "the document is longer than "
            + ParserLimits.MAX_DOCUMENT_SIZE + " characters", "split the stack or remove what it does not need");
        return null;
      }
      diagnostics.notYaml(mark, "invalid YAML: " + e.getOriginalMessage().strip(),
          "check indentation and quoting near this position");
      return null;
    } catch (IOException e) {
      diagnostics.notYaml(Mark.NONE, "cannot read YAML: " + e.getMessage(), null);
      return null;
    }
  }

  private static Mark markOf(JsonLocation loc) {
    return loc == null ? Mark.NONE : new Mark(Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0));
  }

  private Mark mark() {
    JsonLocation loc = parser.currentTokenLocation();
    return new Mark(loc.getLineNr(), loc.getColumnNr());
  }

  private YamlNode node(String path) throws IOException {
    at = path;
    JsonToken token = parser.currentToken();
    String anchor = parser.getObjectId();
    Mark mark = mark();
    ExpansionBudget.Mark start = budget.mark();
    YamlNode result;
    if (token == JsonToken.START_OBJECT) {
      budget.chargeNode(path, "");
      result = mapping(path, mark);
    } else if (token == JsonToken.START_ARRAY) {
      budget.chargeNode(path, "");
      List<YamlNode> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(node(YamlNode.item(path, items.size())));
      }
      result = new YamlNode.Sequence(items, mark, path);
    } else if (token == JsonToken.VALUE_STRING && parser.isCurrentAlias()) {
      String name = parser.getText();
      Anchored target = anchors.get(name);
      if (target == null) {
        // Charged as an alias of one value: anchors can repeat it too (found by StackLoaderFuzzTest).
        budget.chargeAlias(new ExpansionBudget.Weight(1, path.length(), 0, path.length()));
        diagnostics.add(Diagnostic.Severity.ERROR, mark, path, "unknown YAML alias *" + name,
            "define the anchor &" + name + " before using it");
        return new YamlNode.Scalar("", Kind.NULL, mark, path);
      }
      budget.chargeAlias(target.weight().movedTo(path.length()));
      return target.node().at(path);
    } else {
      String text = scalarText(token);
      budget.chargeNode(path, text);
      result = new YamlNode.Scalar(text, kind(token), mark, path);
    }
    if (anchor != null) {
      anchors.put(anchor, new Anchored(result, budget.since(start, path)));
    }
    return result;
  }

  private String scalarText(JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return "";
    }
    String text = parser.getText();
    return text == null ? "" : text;
  }

  /** Compose's merge tags ({@code !reset}, {@code !override}); Jackson hands the tag over without its '!'. */
  private static YamlNode.Tag tag(String typeId) {
    if ("reset".equals(typeId)) {
      return YamlNode.Tag.RESET;
    }
    return "override".equals(typeId) ? YamlNode.Tag.OVERRIDE : YamlNode.Tag.NONE;
  }

  private static Kind kind(JsonToken token) {
    return switch (token) {
      case VALUE_NUMBER_INT -> Kind.INT;
      case VALUE_NUMBER_FLOAT -> Kind.FLOAT;
      case VALUE_TRUE, VALUE_FALSE -> Kind.BOOL;
      case VALUE_NULL -> Kind.NULL;
      default -> Kind.STRING;
    };
  }

  private YamlNode.Mapping mapping(String path, Mark mark) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<YamlNode> merges = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Mark keyMark = mark();
      parser.nextToken();
      if ("<<".equals(key)) {
        ExpansionBudget.Mark start = budget.mark();
        merges.add(node(path));
        // The entries are copied once more below: charge for the copies before they are made.
        budget.chargeCopy(budget.since(start, path));
        continue;
      }
      YamlNode.Tag tag = tag(parser.getTypeId());
      YamlNode value = node(YamlNode.child(path, key));
      if (entries.containsKey(key)) {
        diagnostics.add(Diagnostic.Severity.ERROR, keyMark, YamlNode.child(path, key),
            "duplicate key " + key, "remove one of the two entries");
        continue;
      }
      entries.put(key, new Entry(key, keyMark, value, tag));
    }
    // YAML merge keys: explicit keys win, earlier merge sources win over later ones.
    for (YamlNode merge : merges) {
      List<YamlNode> sources = merge instanceof YamlNode.Sequence s ? s.items() : List.of(merge);
      for (YamlNode source : sources) {
        if (source instanceof YamlNode.Mapping m) {
          m.entries().forEach((k, e) -> entries.computeIfAbsent(k,
              x -> new Entry(k, e.keyMark(), e.value().at(YamlNode.child(path, k)))));
        } else {
          diagnostics.add(Diagnostic.Severity.ERROR, source.mark(), path, "<< merge key needs a mapping",
              "merge an anchored mapping: <<: *name");
        }
      }
    }
    return new YamlNode.Mapping(entries, mark, path);
  }
}
