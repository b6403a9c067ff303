package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real Compose file of ../shared/compose with each scalar value written as {@code "${V_n}"}: with the variables
 * set to the values they replace the load equals the original one (interpolation runs before any type check, as in
 * Compose), and with them unset the loader still answers with diagnostics, never an exception or an internal message.
 */
class VariablesInTypedFieldsTest {
  // Words of a Java exception's message leaking to the user, as "orch: Index 0 out of bounds for length 0" once did.
  private static final List<String> INTERNAL = List.of("Exception", "out of bounds", "For input string",
      "Cannot invoke", "because \"", "is null");

  @TestFactory
  Stream<DynamicTest> everySharedFileWithVariables() throws IOException {
    List<Path> all = new ArrayList<>(SharedComposeFilesTest.files("awesome-compose"));
    all.addAll(SharedComposeFilesTest.files("spec-examples"));
    return all.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
        () -> check(f)));
  }

  private static void check(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> values = new LinkedHashMap<>();
    String templated = templated(text, values);

    LoadResult original = load(file, text, SharedComposeFilesTest.ENV);
    Map<String, String> env = new HashMap<>(SharedComposeFilesTest.ENV);
    env.putAll(values);
    LoadResult set = load(file, templated, env);
    assertThat(set.ok()).as("ok with the variables set; " + set.diagnostics()).isEqualTo(original.ok());
    assertThat(set.stack()).isEqualTo(original.stack());
    assertThat(comparable(set)).isEqualTo(comparable(original));
    if (original.ok()) {
      assertThat(StackWriter.toYaml(set.stack())).isEqualTo(StackWriter.toYaml(original.stack()));
      assertThat(StackWriter.toJson(set.stack())).isEqualTo(StackWriter.toJson(original.stack()));
    }

    LoadResult[] unset = new LoadResult[1];
    assertThatCode(() -> unset[0] = load(file, templated, SharedComposeFilesTest.ENV)).doesNotThrowAnyException();
    if (unset[0].ok()) {
      assertThatCode(() -> StackWriter.toYaml(unset[0].stack())).doesNotThrowAnyException();
      assertThatCode(() -> StackWriter.toJson(unset[0].stack())).doesNotThrowAnyException();
    }
    assertThat(unset[0].diagnostics()).allSatisfy(d -> assertThat(d.message() + " " + d.hint())
        .doesNotContain(INTERNAL));

    for (String odd : ODD_VALUES) {
      Map<String, String> oddEnv = new HashMap<>(SharedComposeFilesTest.ENV);
      values.keySet().forEach(k -> oddEnv.put(k, odd));
      LoadResult[] r = new LoadResult[1];
      assertThatCode(() -> r[0] = load(file, templated, oddEnv)).as("every value \"" + odd + "\"")
          .doesNotThrowAnyException();
      if (r[0].ok()) {
        assertThatCode(() -> StackWriter.toYaml(r[0].stack())).doesNotThrowAnyException();
        assertThatCode(() -> StackWriter.toJson(r[0].stack())).doesNotThrowAnyException();
      }
      assertThat(r[0].diagnostics()).as("every value \"" + odd + "\"").allSatisfy(d -> assertThat(d.message()
          + " " + d.hint()).doesNotContain(INTERNAL));
    }
  }

  /** Values a variable may hold that no field expects: each must give a located error at worst. */
  private static final List<String> ODD_VALUES = List.of(":", "::", "-1", "99999999999999999999", "/", " ", "a=b",
      "[", "0", "1e400", "-", "80-", ":80", "a:b:c:d");

  @org.junit.jupiter.api.Test
  void replacesTypedValuesWherevertheyAreWritten() {
    Map<String, String> values = new LinkedHashMap<>();
    String out = templated("services:\n  web:\n    ports: [\"8080:80\"]\n    deploy: {replicas: 2}\n"
        + "    read_only: true\n    stop_grace_period: 5s\n", values);
    assertThat(out).isEqualTo("services:\n  web:\n    ports: [\"${V_1}\"]\n    deploy: {replicas: \"${V_2}\"}\n"
        + "    read_only: \"${V_3}\"\n    stop_grace_period: \"${V_4}\"\n");
    assertThat(values).containsExactly(Map.entry("V_1", "8080:80"), Map.entry("V_2", "2"),
        Map.entry("V_3", "true"), Map.entry("V_4", "5s"));
  }

  private static LoadResult load(Path file, String text, Map<String, String> env) {
    return new StackLoader(env).loadText(text, file.getFileName().toString(), file.getParent(), "shared",
        Set.of("*"));
  }

  /** Diagnostics without line and column: a replaced value may sit a few columns further right. */
  private static List<String> comparable(LoadResult r) {
    return r.diagnostics().stream().map(d -> d.severity() + " " + d.path() + " " + d.message() + " " + d.hint())
        .sorted(Comparator.naturalOrder()).toList();
  }

  /**
   * The text with every single-line scalar value (not keys, not values already holding a variable) replaced by a
   * quoted {@code "${V_n}"} at its own position; {@code values} receives V_n -> the text it replaced.
   */
  static String templated(String text, Map<String, String> values) {
    YamlNode root = new YamlTreeReader(new Diagnostics("probe")).read(text);
    List<YamlNode.Scalar> scalars = new ArrayList<>();
    collect(root, scalars);
    String[] lines = text.split("\n", -1);
    // Right to left within a line, so earlier columns stay valid.
    scalars.sort(Comparator.comparingInt((YamlNode.Scalar s) -> s.mark().line())
        .thenComparing(s -> -s.mark().column()));
    Set<String> done = new java.util.HashSet<>();
    for (YamlNode.Scalar s : scalars) {
      if (!done.add(s.mark().line() + ":" + s.mark().column())) {
        continue; // an alias copies the node: the source holds it once
      }
      String value = s.text();
      if (s.isNull() || value.isEmpty() || value.contains("$") || value.contains("\n")) {
        continue;
      }
      int row = s.mark().line() - 1;
      int col = s.mark().column() - 1;
      if (row < 0 || row >= lines.length || col < 0) {
        continue;
      }
      String line = lines[row];
      int length = -1;
      if (line.startsWith(value, col)) {
        length = value.length();
      } else if (line.startsWith("\"" + value + "\"", col) || line.startsWith("'" + value + "'", col)) {
        length = value.length() + 2;
      }
      if (length < 0) {
        continue; // escapes, anchors or folded text: not worth rewriting
      }
      String name = "V_" + (values.size() + 1);
      values.put(name, value);
      lines[row] = line.substring(0, col) + "\"${" + name + "}\"" + line.substring(col + length);
    }
    return String.join("\n", lines);
  }

  private static void collect(YamlNode node, List<YamlNode.Scalar> out) {
    if (node instanceof YamlNode.Mapping m) {
      m.entries().values().forEach(e -> collect(e.value(), out));
    } else if (node instanceof YamlNode.Sequence s) {
      s.items().forEach(i -> collect(i, out));
    } else if (node instanceof YamlNode.Scalar s) {
      out.add(s);
    }
  }
}
