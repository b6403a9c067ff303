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

  /** compose-go's quoted-value rules (its fixture dotenv/fixtures/quoted.env has lines like these). */
  @Test
  void readsQuotedValuesAsComposeGoDoes() {
    String text = """
        Q_A='1'
        Q_C=''
        Q_D='\\n'
        Q_G=""
        Q_H="\\n"
        Q_I = "echo 'asd'"
        Q_J = 'first line
        second line
        and so on'
        Q_Z = "last value"
        """;
    DotEnv.Parsed p = DotEnv.parse(text, k -> null);
    assertThat(p.problems()).isEmpty();
    assertThat(p.values()).containsExactly(Map.entry("Q_A", "1"), Map.entry("Q_C", ""), Map.entry("Q_D", "\\n"),
        Map.entry("Q_G", ""), Map.entry("Q_H", "\n"), Map.entry("Q_I", "echo 'asd'"),
        Map.entry("Q_J", "first line\nsecond line\nand so on"), Map.entry("Q_Z", "last value"));
  }

  /** Docker's own env-file example: before, the value ended at the escaped quote ("Let\"). */
  @Test
  void anEscapedQuoteDoesNotEndTheValue() {
    DotEnv.Parsed p = DotEnv.parse("MSG='Let\\'s go!'\nDQ=\"say \\\"hi\\\"\"\n", k -> null);
    assertThat(p.problems()).isEmpty();
    assertThat(p.values()).containsExactly(Map.entry("MSG", "Let's go!"), Map.entry("DQ", "say \"hi\""));
  }

  /** A PEM certificate in double quotes over several lines; before, each line was refused. */
  @Test
  void aQuotedValueSpansLines() {
    String text = "CERT=\"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\"\nNEXT=1\nBAD LINE=2\n";
    DotEnv.Parsed p = DotEnv.parse(text, k -> null);
    assertThat(p.values()).containsEntry("CERT", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
        .containsEntry("NEXT", "1");
    assertThat(p.problems()).containsExactly("line 5: variable name \"BAD LINE\" contains a space");
  }

  @Test
  void anEscapedDollarInDoubleQuotesStaysLiteral() {
    DotEnv.Parsed p = DotEnv.parse("PRICE=\"costs \\$5\"\nHOME_REF=\"\\$HOME is $HOME\"\n",
        Map.of("HOME", "/root")::get);
    assertThat(p.problems()).isEmpty();
    assertThat(p.values()).containsExactly(Map.entry("PRICE", "costs $5"), Map.entry("HOME_REF", "$HOME is /root"));
  }

  @Test
  void readsYamlStyleLines() {
    DotEnv.Parsed p = DotEnv.parse("LEVEL: debug\nexport URL: http://x:8080/a=b # c\n", k -> null);
    assertThat(p.problems()).isEmpty();
    assertThat(p.values()).containsExactly(Map.entry("LEVEL", "debug"), Map.entry("URL", "http://x:8080/a=b"));
  }

  @Test
  void anUnterminatedQuoteIsAnErrorNamingItsLine() {
    DotEnv.Parsed p = DotEnv.parse("A=1\nB='open\nC=3\n", k -> null);
    assertThat(p.problems()).containsExactly("line 2: unterminated quoted value for B (close it with ')");
    assertThat(p.values()).containsOnlyKeys("A");
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
