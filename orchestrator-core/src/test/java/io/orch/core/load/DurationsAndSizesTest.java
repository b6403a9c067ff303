package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndSizesTest {
  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
      "1m30s, 90000000000",
      "10s, 10000000000",
      "1h, 3600000000000",
      "500ms, 500000000",
      "1.5s, 1500000000",
      "2us, 2000",
      "3ns, 3",
      "1h2m3s, 3723000000000",
      "30, 30000000000",
      "0, 0",
      "0s, 0",
  })
  void parsesComposeDurations(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "10x", "1m30", "s", "-", "1.5", "10 s"})
  void rejectsMalformedDurations(String text) {
    assertThat(Durations.parse(text)).isNull();
  }

  @Test
  void aDurationTooLongForTheEngineIsNotADuration() {
    assertThat(Durations.parse("99999999999999999999")).isNull();
    assertThat(Durations.parse("9999999999999h")).isNull();
    assertThat(Durations.parse("999999999999999999")).isEqualTo(Duration.ofSeconds(999999999999999999L));
  }

  @Test
  void formatsCompactlyAndReadsBack() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    for (Duration d : new Duration[] {Duration.ofNanos(2001), Duration.ofMinutes(61), Duration.ofMillis(5)}) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
      "512m, 536870912",
      "1g, 1073741824",
      "1gb, 1073741824",
      "1GB, 1073741824",
      "100k, 102400",
      "100KB, 102400",
      "1024, 1024",
      "10b, 10",
      "1.5g, 1610612736",
  })
  void parsesSizesInBinaryUnits(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "12x", "1 gigabyte", "-5m", "9223372036854775808", "8192p", "2222222222222222222222m"})
  void rejectsMalformedSizes(String text) {
    assertThat(Sizes.parse(text)).isNull();
  }
}
