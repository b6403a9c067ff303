package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.NameRule;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every name a stack file gives is checked where it is written, before it can reach the engine or the state dir. */
class StackNamesTest {
  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "stack.yml", null, "demo", Set.of());
  }

  private static java.util.List<String> errors(LoadResult r) {
    return r.errors().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void theTraversalStackIsRefusedAtLoadWithLocatedErrors() {
    LoadResult r = load("""
        services:
          web: {image: busybox, networks: [x/../victimnet, y/../../containers/victim]}
        networks: {"x/../victimnet": {}, "y/../../containers/victim": {}}
        """);
    assertThat(r.stack()).isNull();
    assertThat(errors(r)).containsExactly(
        "stack.yml:3:12: error: networks.x/../victimnet: invalid network name \"x/../victimnet\": holds the forbidden"
            + " character '/' at index 1 (hint: " + NameRule.KEY.hint() + ")",
        "stack.yml:3:34: error: networks.y/../../containers/victim: invalid network name"
            + " \"y/../../containers/victim\": holds the forbidden character '/' at index 1 (hint: "
            + NameRule.KEY.hint() + ")");
  }

  @Test
  void volumeKeysAndNamesAreCheckedToo() {
    LoadResult r = load("""
        services:
          web: {image: busybox}
        volumes:
          "../data": {}
          ok: {external: true, name: "../../etc"}
        networks:
          front: {external: {name: "a/b"}}
        """);
    assertThat(r.stack()).isNull();
    assertThat(errors(r)).containsExactly(
        "stack.yml:4:3: error: volumes.../data: invalid volume name \"../data\": starts with '.'; it must start with"
            + " a letter or digit (hint: " + NameRule.KEY.hint() + ")",
        "stack.yml:5:30: error: volumes.ok.name: invalid name \"../../etc\": starts with '.'; it must start with a"
            + " letter or digit (hint: " + NameRule.ENGINE_NAME.hint() + ")",
        "stack.yml:7:28: error: networks.front.external.name: invalid name \"a/b\": holds the forbidden character"
            + " '/' at index 1 (hint: " + NameRule.ENGINE_NAME.hint() + ")");
  }

  @Test
  void namesLongerThanTheLimitAreRefusedWithTheLimit() {
    String longName = "s".repeat(64);
    LoadResult r = load("name: " + "p".repeat(64) + "\nservices:\n  " + longName + ": {image: busybox}\n");
    assertThat(errors(r)).containsExactly(
        "stack.yml:1:7: error: name: invalid project name \"" + "p".repeat(64) + "\": is 64 characters long, at most"
            + " 63 are allowed (hint: " + ProjectName.HINT + ")",
        "stack.yml:3:3: error: services." + longName + ": invalid service name \"" + longName + "\": is 64"
            + " characters long, at most 63 are allowed (hint: " + NameRule.KEY.hint() + ")");
    LoadResult viaP = new StackLoader(Map.of()).loadText("services: {web: {image: x}}", "s", null, "x".repeat(300),
        Set.of());
    assertThat(viaP.errors()).singleElement().extracting(Diagnostic::message).asString()
        .startsWith("invalid project name").contains("is 300 characters long").endsWith("(given with -p)");
  }

  @Test
  void aControlCharacterAnywhereIsBadInputNamingWhere() {
    LoadResult r = load("""
        services:
          web: {image: "busybox\\0", environment: {A: "\\e[31m"}}
          "db\\x01": {image: postgres}
        """);
    assertThat(r.stack()).isNull();
    assertThat(r.errors()).extracting(Diagnostic::kind).containsOnly(Diagnostic.Kind.BAD_INPUT);
    assertThat(errors(r)).containsExactly(
        "stack.yml:2:16: error: services.web.image: the value contains the control character U+0000 at index 7"
            + " (hint: remove it; only tab and line breaks are accepted in values)",
        "stack.yml:2:46: error: services.web.environment.A: the value contains the control character U+001B at"
            + " index 0 (hint: remove it; only tab and line breaks are accepted in values)",
        "stack.yml:3:3: error: services.db\\u0001: the key contains the control character U+0001 at index 2"
            + " (hint: remove it; only tab and line breaks are accepted in values)");
  }

  @Test
  void aControlCharacterFromAVariableIsCaughtAfterInterpolation() {
    LoadResult r = new StackLoader(Map.of("IMG", "busybox\u0000")).loadText(
        "services: {web: {image: \"${IMG}\"}}", "stack.yml", null, "demo", Set.of());
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Diagnostic.Kind.BAD_INPUT);
      assertThat(d.path()).isEqualTo("services.web.image");
    });
  }

  @Test
  void multiLineScriptsAndTabsStillLoad() {
    LoadResult r = load("services:\n  web:\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo a\\n\\techo b\"]\n");
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("web").command()).containsExactly("sh", "-c", "echo a\n\techo b");
  }
}
