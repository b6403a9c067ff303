package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.testkit.SharedDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads every real Compose file of ../shared/compose (awesome-compose and the spec's complete examples): each loads,
 * or fails with located errors; never an exception; and every key of the file was either read or reported.
 */
class SharedComposeFilesTest {
  static final Map<String, String> ENV = Map.of("HOME", "/home/tester");

  @TestFactory
  Stream<DynamicTest> awesomeComposeFiles() throws IOException {
    return testsFor("awesome-compose");
  }

  @TestFactory
  Stream<DynamicTest> specExamples() throws IOException {
    return testsFor("spec-examples");
  }

  /** ../shared/compose; the test skips without it, or fails under CI ({@link SharedDir#require}). */
  static Path sharedCompose() {
    return SharedDir.require("compose");
  }

  static List<Path> files(String folder) throws IOException {
    Path shared = sharedCompose();
    try (Stream<Path> s = Files.list(shared.resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private Stream<DynamicTest> testsFor(String folder) throws IOException {
    return files(folder).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    StackLoader.Traced traced = new StackLoader(ENV).loadTraced(text, file.getFileName().toString(),
        file.getParent(), "shared", Set.of("*"));
    LoadResult result = traced.result();
    if (!result.ok()) {
      assertThat(result.errors()).as("errors of a failed load").isNotEmpty()
          .allSatisfy(e -> assertThat(e.line()).as("line of " + e).isPositive());
    }
    if (traced.tree() == null) {
      return;
    }
    List<String> dropped = new ArrayList<>();
    collectDropped(traced.tree(), traced.consumed(), result, dropped);
    assertThat(dropped).as("keys neither read nor reported; diagnostics: " + result.diagnostics()).isEmpty();
  }

  /**
   * In a mapping the loader looked at (one of its keys consumed or reported), every key must be consumed or reported;
   * a mapping none of whose keys were touched is data (environment, labels, driver_opts) or lies under a reported key.
   */
  private static void collectDropped(YamlNode node, Set<String> consumed, LoadResult result, List<String> out) {
    if (node instanceof YamlNode.Sequence s) {
      s.items().forEach(i -> collectDropped(i, consumed, result, out));
      return;
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      return;
    }
    List<YamlNode.Entry> keys = m.entries().values().stream().filter(e -> !e.key().startsWith("x-")).toList();
    boolean looked = keys.stream().anyMatch(e -> consumed.contains(e.value().path())
        || result.warnings().stream().anyMatch(d -> d.path().equals(e.value().path())
            && d.message().startsWith("unsupported key")));
    if (!looked && !node.path().isEmpty()) {
      return;
    }
    for (YamlNode.Entry e : keys) {
      String path = e.value().path();
      if (consumed.contains(path)) {
        collectDropped(e.value(), consumed, result, out);
      } else if (!reported(result, path)) {
        out.add(path);
      }
    }
  }

  private static boolean reported(LoadResult result, String path) {
    return result.diagnostics().stream().anyMatch(d -> covers(d.path(), path));
  }

  private static boolean covers(String reported, String path) {
    return reported != null && !reported.isEmpty() && (path.equals(reported) || path.startsWith(reported + ".")
        || path.startsWith(reported + "["));
  }

}
