package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvAndShellWordsTest {
  @Test
  void parsesDotEnvLikeCompose() {
    String text = """
        # a comment
        PLAIN=value
        export EXPORTED=yes
        SPACED = trimmed   # inline comment
        SINGLE='literal $PLAIN # not a comment'
        DOUBLE="line\\nnext ${PLAIN}"
        REF=${PLAIN}-x
        FROM_OUTER=${OUTER}
        BARE_OUTER
        BARE_MISSING
        EMPTY=

        """;
    DotEnv.Parsed p = DotEnv.parse(text, Map.of("OUTER", "outer", "BARE_OUTER", "bo")::get);
    assertThat(p.problems()).isEmpty();
    assertThat(p.values()).containsExactly(
        Map.entry("PLAIN", "value"), Map.entry("EXPORTED", "yes"), Map.entry("SPACED", "trimmed"),
        Map.entry("SINGLE", "literal $PLAIN # not a comment"), Map.entry("DOUBLE", "line\nnext value"),
        Map.entry("REF", "value-x"), Map.entry("FROM_OUTER", "outer"), Map.entry("BARE_OUTER", "bo"),
        Map.entry("EMPTY", ""));
  }

  @Test
  void reportsBadLinesWithTheirNumber() {
    DotEnv.Parsed p = DotEnv.parse("OK=1\n9BAD=2\n", k -> null);
    assertThat(p.problems()).containsExactly("line 2: invalid variable name \"9BAD\"");
    assertThat(p.values()).containsOnlyKeys("OK");
  }

  @Test
  void splitsCommandsShellLike() {
    assertThat(ShellWords.split("echo 'hello world' \"a \\\"b\\\"\" c\\ d  e"))
        .containsExactly("echo", "hello world", "a \"b\"", "c d", "e");
    assertThat(ShellWords.split("sh -c 'exit 3'")).containsExactly("sh", "-c", "exit 3");
    assertThat(ShellWords.split("")).isEmpty();
    assertThat(ShellWords.split("echo ''")).containsExactly("echo", "");
    assertThat(ShellWords.split("echo 'open")).isNull();
  }
}
