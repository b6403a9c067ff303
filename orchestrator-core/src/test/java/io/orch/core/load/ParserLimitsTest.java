package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hostile stack file is one clear error, found without doing the work it asks for; real files still load. */
class ParserLimitsTest {
  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "stack.yml", null, "demo", Set.of());
  }

  /** The only diagnostic, as the CLI prints it. */
  private static String onlyError(LoadResult r) {
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).hasSize(1);
    return r.errors().get(0).toString();
  }

  @Test
  void refusesTheAliasBombAtTheAliasThatPassesTheLimit() {
    String bomb = AliasBomb.yaml(9, 9);
    assertThat(bomb.length()).isLessThan(500);
    LoadResult r = load(bomb);
    assertThat(onlyError(r)).contains("the document expands to more than 100000 values", "alias bomb")
        .startsWith("stack.yml:");
    assertThat(r.errors().get(0).path()).startsWith("x-bomb.a");
  }

  @Test
  void countsUnknownAliasesThatAnAnchorRepeats() {
    // Found by StackLoaderFuzzTest: each unknown alias is a null value, and anchors above can repeat those too.
    LoadResult r = load(AliasBomb.yaml(9, 9).replace(" &a0", ""));
    assertThat(r.errors().get(r.errors().size() - 1).toString())
        .contains("the document expands to more than 100000 values");
  }

  @Test
  void listsAtMost500ProblemsAndCountsTheRest() {
    StringBuilder yaml = new StringBuilder("services: {web: {image: busybox}}\nx-dup:\n");
    for (int i = 0; i < 10_000; i++) {
      yaml.append("  k: ").append(i).append('\n');
    }
    LoadResult r = load(yaml.toString());
    assertThat(r.ok()).isFalse();
    assertThat(r.diagnostics()).hasSize(501);
    assertThat(r.diagnostics().get(0).toString()).contains("x-dup.k: duplicate key k");
    assertThat(r.diagnostics().get(500).toString()).contains("9499 more problem(s) not listed (9499 error(s)");
  }

  @Test
  void loadsAFileThatSharesFragmentsThroughAnchorsAndMergeKeys() {
    StringBuilder yaml = new StringBuilder("x-defaults: &defaults\n  image: busybox\n  environment: &env\n");
    for (int i = 0; i < 30; i++) {
      yaml.append("    VAR_").append(i).append(": value-").append(i).append('\n');
    }
    yaml.append("services:\n");
    for (int i = 0; i < 200; i++) {
      yaml.append("  svc").append(i).append(":\n    <<: *defaults\n    labels: *env\n");
    }
    LoadResult r = load(yaml.toString());
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().services()).hasSize(200);
    assertThat(r.stack().service("svc199").environment()).containsEntry("VAR_29", "value-29");
  }

  @Test
  void refusesMoreAliasesThanAStackFileNeeds() {
    StringBuilder yaml = new StringBuilder("services: {web: {image: busybox}}\nx-tag: &t [v1]\nx-uses:\n");
    for (int i = 0; i <= ParserLimits.MAX_ALIASES; i++) {
      yaml.append("  - *t\n");
    }
    LoadResult r = load(yaml.toString());
    assertThat(onlyError(r)).contains("more than 1000 YAML aliases in one document")
        .contains("x-uses[1000]");
  }

  @Test
  void refusesLongStringsThatAliasesRepeat() {
    String yaml = "services: {web: {image: busybox}}\nx-big: &big [" + "b".repeat(500_000) + "]\nx-copies: ["
        + "*big, ".repeat(20) + "*big]\n";
    assertThat(onlyError(load(yaml))).contains("expands to more than 8388608 characters of keys and values");
  }

  @Test
  void refusesALongKeyRepeatedInTheKeyPathsBelowIt() {
    // No alias at all: every value below a 200,000-character key carries it in its key path.
    StringBuilder yaml = new StringBuilder("services: {web: {image: busybox}}\n? x-" + "k".repeat(200_000) + "\n:\n");
    for (int i = 0; i < 100; i++) {
      yaml.append("  v").append(i).append(": 1\n");
    }
    assertThat(onlyError(load(yaml.toString()))).contains("expands to more than 8388608 characters");
  }

  @Test
  void refusesNestingDeeperThanTheLimitButLoadsDeepExtensions() {
    String tooDeep = "services: {web: {image: busybox}}\nx-deep: " + "[".repeat(70) + "]".repeat(70) + "\n";
    assertThat(onlyError(load(tooDeep))).contains("the document nests deeper than 64 levels")
        .startsWith("stack.yml:2:");
    String deepEnough = "services: {web: {image: busybox}}\nx-deep: " + "[".repeat(60) + "]".repeat(60) + "\n";
    assertThat(load(deepEnough).errors()).isEmpty();
  }

  @Test
  void refusesJsonThatNestsTooDeep() {
    String json = "{\"services\": {\"web\": {\"image\": \"busybox\"}}, \"x-deep\": " + "{\"a\": ".repeat(100) + "1"
        + "}".repeat(100) + "}";
    assertThat(onlyError(load(json))).contains("nests deeper than 64 levels");
  }

  @Test
  void refusesATextOfMoreCodePointsThanTheLimit() {
    String yaml = "services: {web: {image: busybox}}\nx-big: " + "é".repeat(ParserLimits.MAX_DOCUMENT_SIZE) + "\n";
    assertThat(onlyError(load(yaml))).contains("the document is longer than 1048576 characters");
  }

  @Test
  void countsCodePointsNotJavaChars() {
    // 400,000 emoji are 800,000 UTF-16 chars and 1.6 MB of UTF-8, but only 400,000 code points.
    String yaml = "services: {web: {image: busybox, labels: {note: \"" + "\uD83D\uDE00".repeat(400_000) + "\"}}}\n";
    LoadResult r = load(yaml);
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("web").labels().get("note")).hasSize(800_000);
  }

  @Test
  void refusesAFileLargerThanTheLimitWithoutReadingItWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stack.yml");
    Files.writeString(file, "services: {web: {image: busybox}}\n#" + "x".repeat(ParserLimits.MAX_DOCUMENT_SIZE),
        StandardCharsets.UTF_8);
    LoadResult r = new StackLoader(Map.of()).load(file, "demo", Set.of());
    assertThat(onlyError(r)).contains("stack file is larger than 1048576 bytes");
  }

  @Test
  void namesAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stack.yml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    LoadResult r = new StackLoader(Map.of()).load(file, "demo", Set.of());
    assertThat(onlyError(r)).contains("stack file is not UTF-8 text");
  }

  /**
   * Why {@link ExpansionBudget} counts aliases itself: SnakeYAML's alias and nesting limits live in its Composer, and
   * Jackson's event-level parser does not use it. If this starts failing, the library enforces them now.
   */
  @Test
  void snakeYamlsAliasAndNestingLimitsDoNotReachJacksonsEventParser() throws IOException {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setMaxAliasesForCollections(2);
    options.setNestingDepthLimit(3);
    com.fasterxml.jackson.dataformat.yaml.YAMLFactory factory =
        com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder().loaderOptions(options).build();
    int tokens = 0;
    try (com.fasterxml.jackson.core.JsonParser p = factory.createParser("a: &a [1]\nb: [*a, *a, *a, [[[[1]]]]]\n")) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    assertThat(tokens).as("every token, no limit reached").isEqualTo(21);
  }
}
