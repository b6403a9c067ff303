package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which deadline each engine call gets. */
class DockerEngineSettingsTest {
  private final DockerEngineSettings s = DockerEngineSettings.DEFAULTS;

  @Test
  void ordinaryCallsGetThirtySecondsAndPingsFive() {
    assertThat(s.deadline("container.create")).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.deadline("container.list")).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.deadline("network.remove")).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.deadline("ping")).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.deadline("version")).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.pingEvery()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aPullMayTakeItsWholePullTimeout() {
    assertThat(s.deadline(DockerEngine.OP_IMAGE_PULL)).isGreaterThan(s.pullTimeout());
  }

  @Test
  void aStopGetsItsGracePlusSlackButNeverLessThanAnOrdinaryCall() {
    assertThat(s.stopDeadline(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(31));
    assertThat(s.stopDeadline(Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.stopDeadline(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(330));
    // The container's own stop timeout is not known here: a generous guess, not the ordinary deadline.
    assertThat(s.stopDeadline(null)).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void deadlinesAreWrittenAsPeopleWriteThem() {
    assertThat(DockerEngineSettings.text(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(DockerEngineSettings.text(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(DockerEngineSettings.text(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(DockerEngineSettings.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void aDeadlineMustBePositive() {
    assertThatThrownBy(() -> new DockerEngineSettings(Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(10), 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
  }
}
