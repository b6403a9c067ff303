package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
  private final Map<String, String> env = Map.of("SET", "value", "EMPTY", "", "TAG", "1.27");
  private final Interpolator interpolator = new Interpolator(env::get);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "$SET|value",
      "${SET}|value",
      "nginx:${TAG}|nginx:1.27",
      "a-$SET-b|a-value-b",
      "${UNSET:-dflt}|dflt",
      "${EMPTY:-dflt}|dflt",
      "${EMPTY-dflt}|''",
      "${UNSET-dflt}|dflt",
      "${SET:-dflt}|value",
      "${SET:+alt}|alt",
      "${EMPTY:+alt}|''",
      "${EMPTY+alt}|alt",
      "${UNSET+alt}|''",
      "$$SET|$SET",
      "cost: $$5|cost: $5",
      "${UNSET:-${SET}}|value",
      "${UNSET:-${ALSO_UNSET:-deep}}|deep",
      "${EMPTY?msg}|''",
      "${SET:?msg}|value",
  })
  void substitutesAsCompose(String template, String expected) {
    Interpolator.Result r = interpolator.interpolate(template);
    assertThat(r.error()).isNull();
    assertThat(r.value()).isEqualTo(expected);
  }

  @Test
  void unsetVariableWithoutDefaultBecomesEmptyAndIsNamed() {
    Interpolator.Result r = interpolator.interpolate("x${UNSET}y$OTHER");
    assertThat(r.value()).isEqualTo("xy");
    assertThat(r.missing()).containsExactly("UNSET", "OTHER");
  }

  @Test
  void requiredVariableFailsWithItsMessage() {
    assertThat(interpolator.interpolate("${UNSET:?set the db password}").error())
        .isEqualTo("required variable UNSET is missing a value: set the db password");
    assertThat(interpolator.interpolate("${EMPTY:?must not be empty}").error())
        .isEqualTo("required variable EMPTY is missing a value: must not be empty");
    assertThat(interpolator.interpolate("${UNSET?}").error()).isEqualTo("required variable UNSET is missing a value");
  }

  @Test
  void invalidTemplatesAreErrors() {
    assertThat(interpolator.interpolate("${SET").error()).contains("missing }");
    assertThat(interpolator.interpolate("price $5").error()).contains("$5");
    assertThat(interpolator.interpolate("${1X}").error()).contains("invalid interpolation format");
    assertThat(interpolator.interpolate("trailing $").error()).contains("lone $");
  }
}
