package io.orch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.NameRule.Problem;
import org.junit.jupiter.api.Test;

class NameRuleTest {
  @Test
  void acceptsComposeNames() {
    assertThat(NameRule.STACK.check("shop_2-prod")).isEmpty();
    assertThat(NameRule.KEY.check("Web.v2_x-1")).isEmpty();
    assertThat(NameRule.STACK.check("a".repeat(63))).isEmpty();
    assertThat(NameRule.ENGINE_NAME.check("a".repeat(255))).isEmpty();
  }

  @Test
  void refusesPathsAndSaysWhere() {
    assertThat(NameRule.KEY.check("x/../victimnet")).hasValueSatisfying(v -> {
      assertThat(v.problem()).isEqualTo(Problem.FORBIDDEN_CHARACTER);
      assertThat(v.message()).isEqualTo("holds the forbidden character '/' at index 1");
    });
    assertThat(NameRule.KEY.check("..")).hasValueSatisfying(v -> assertThat(v.message())
        .isEqualTo("starts with '.'; it must start with a letter or digit"));
    assertThat(NameRule.STACK.check("Shop")).hasValueSatisfying(v -> assertThat(v.message())
        .isEqualTo("holds the uppercase letter 'S' at index 0"));
    assertThat(NameRule.STACK.check("web.v2")).map(NameRule.Violation::problem)
        .hasValue(Problem.FORBIDDEN_CHARACTER);
  }

  @Test
  void limitsTheLength() {
    assertThat(NameRule.STACK.check("a".repeat(300))).hasValueSatisfying(v -> {
      assertThat(v.problem()).isEqualTo(Problem.TOO_LONG);
      assertThat(v.message()).isEqualTo("is 300 characters long, at most 63 are allowed");
    });
    assertThat(NameRule.KEY.check("a".repeat(64))).map(NameRule.Violation::problem).hasValue(Problem.TOO_LONG);
    assertThat(NameRule.ENGINE_NAME.check("a".repeat(256))).map(NameRule.Violation::problem)
        .hasValue(Problem.TOO_LONG);
  }

  @Test
  void controlCharactersComeFirstAndEmptyIsRefused() {
    assertThat(NameRule.KEY.check("web\u0000" + "x".repeat(100))).hasValueSatisfying(v -> {
      assertThat(v.problem()).isEqualTo(Problem.CONTROL_CHARACTER);
      assertThat(v.message()).isEqualTo("contains the control character U+0000 at index 3");
    });
    assertThat(NameRule.KEY.check("")).map(NameRule.Violation::problem).hasValue(Problem.EMPTY);
    assertThat(NameRule.KEY.check(null)).map(NameRule.Violation::problem).hasValue(Problem.EMPTY);
  }

  @Test
  void tabAndLineBreaksAreTextOtherControlsAreNot() {
    assertThat(ControlCharacters.indexOf("sh -c 'a\tb\r\nc'")).isEqualTo(-1);
    assertThat(ControlCharacters.indexOf("a\u001b[31m")).isEqualTo(1);
    assertThat(ControlCharacters.indexOf("a\u007f")).isEqualTo(1);
    assertThat(ControlCharacters.indexOf("a\u0085")).isEqualTo(1);
    assertThat(ControlCharacters.escape("a\u0000b")).isEqualTo("a\\u0000b");
  }
}
