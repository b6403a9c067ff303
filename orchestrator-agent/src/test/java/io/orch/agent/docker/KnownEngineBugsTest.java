package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownEngineBugsTest {
  @Test
  void enginesBeforeTheLibnetworkFixAreWarnedAboutWithTheIssueAndTheWayOut() {
    assertThat(KnownEngineBugs.warningFor("20.10.24+dfsg1")).hasValueSatisfying(w -> assertThat(w)
        .contains("20.10.24+dfsg1").contains("moby/moby#46661").contains("restart dockerd").contains("20.10.27"));
    assertThat(KnownEngineBugs.warningFor("20.10.26")).isPresent();
    assertThat(KnownEngineBugs.warningFor("19.03.15")).isPresent();
  }

  @Test
  void fixedOrUnknownVersionsAreNot() {
    assertThat(KnownEngineBugs.warningFor("20.10.27")).isEmpty();
    assertThat(KnownEngineBugs.warningFor("24.0.7")).isEmpty();
    assertThat(KnownEngineBugs.warningFor("dev")).isEmpty();
    assertThat(KnownEngineBugs.warningFor(null)).isEmpty();
  }
}
