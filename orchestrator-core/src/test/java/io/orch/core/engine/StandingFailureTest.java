package io.orch.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which health-check probes say the check's command cannot run in the image: engine 20.10's own answers. */
class StandingFailureTest {
  @Test
  void aShellThatCannotFindTheCommandExits127() {
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", 127, "/bin/sh: curl: not found"))
        .hasValueSatisfying(f -> {
          assertThat(f.kind()).isEqualTo(StandingFailure.Kind.HEALTHCHECK_COMMAND_MISSING);
          assertThat(f.message()).contains("shop-web-1").contains("probe exit 127: /bin/sh: curl: not found")
              .contains("fix healthcheck.test");
        });
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", 126, "/bin/sh: /check: Permission denied")).isPresent();
  }

  @Test
  void anExecCheckTheEngineCannotStartEndsAtMinusOneWithTheReasonInItsMessage() {
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", -1, "OCI runtime exec failed: exec failed: unable to start"
        + " container process: exec: \"curl\": executable file not found in $PATH: unknown")).isPresent();
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", -1, "Health check exceeded timeout (2s)"))
        .as("a probe that timed out may pass next time").isEmpty();
  }

  @Test
  void aCheckThatRunsAndFailsIsNoStandingFailure() {
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", 1,
        "wget: server returned error: HTTP/1.1 503 Service Unavailable")).isEmpty();
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", 0, "ok")).isEmpty();
    assertThat(StandingFailure.ofHealthProbe("shop-web-1", null, null)).isEmpty();
  }
}
