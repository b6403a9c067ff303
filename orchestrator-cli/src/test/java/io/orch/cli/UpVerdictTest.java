package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.ServiceStatusDto.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When `orch up` stops waiting, and with what it exits. */
class UpVerdictTest {
  private static ServiceStatusDto service(String name, State state, int running, String lastError,
      RolloutDto rollout, String health) {
    List<ContainerDto> containers = running == 0 ? List.of() : List.of(new ContainerDto("shop-" + name + "-1", "id",
        1, "running", health, 0, null, false, Instant.EPOCH, health == null ? null : "/bin/sh: curl: not found"));
    return new ServiceStatusDto("shop", name, "busybox", 1, running, 0, 0, state, null, lastError, List.of(),
        containers, null, rollout);
  }

  private static ServiceStatusDto running(String name) {
    return service(name, State.RUNNING, 1, null, null, null);
  }

  @Test
  void allRunningIsUp() {
    UpVerdict v = UpVerdict.of("shop", List.of(running("web"), running("db")));
    assertThat(v.kind()).isEqualTo(UpVerdict.Kind.UP);
    assertThat(v.exitCode()).isZero();
  }

  @Test
  void convergingOrWithoutServicesYetWaits() {
    assertThat(UpVerdict.of("shop", List.of(running("web"), service("db", State.CONVERGING, 0,
        "cannot start shop-db-1: container.start: no answer from the Docker Engine within 30s (retrying)", null,
        null))).kind()).as("a transient error is waited out").isEqualTo(UpVerdict.Kind.WAIT);
    assertThat(UpVerdict.of("shop", List.of()).kind()).isEqualTo(UpVerdict.Kind.WAIT);
    assertThat(UpVerdict.of("shop", List.of(service("web", State.ROLLING_OUT, 1, null,
        new RolloutDto(RolloutDto.Phase.ROLLING_OUT, 0, 1, 0, null, Instant.EPOCH), null))).kind()).isEqualTo(UpVerdict.Kind.WAIT);
  }

  @Test
  void aStandingFailureStopsAtOnceWithItsCauseAndTheHealthCheckOutput() {
    String cause = "shop-web-1: the health check's command cannot run in the image (probe exit 127: /bin/sh: curl:"
        + " not found); fix healthcheck.test or add the command to the image";
    UpVerdict v = UpVerdict.of("shop", List.of(service("web", State.FAILED, 1, cause, null, "unhealthy"),
        service("db", State.CONVERGING, 0, null, null, null)));

    assertThat(v.kind()).isEqualTo(UpVerdict.Kind.NOT_AS_DECLARED);
    assertThat(v.exitCode()).isEqualTo(1);
    assertThat(v.reasons()).singleElement().asString().startsWith("service web failed: 1/1 running, 0/1 healthy")
        .contains("/bin/sh: curl: not found");
  }

  @Test
  void aDegradedServiceStopsWithThePortThatIsNotServed() {
    UpVerdict v = UpVerdict.of("shop", List.of(service("web", State.DEGRADED, 1,
        "cannot listen on host port *:8080 for service web: Address already in use; another process holds it", null,
        null)));

    assertThat(v.kind()).isEqualTo(UpVerdict.Kind.NOT_AS_DECLARED);
    assertThat(v.reasons()).singleElement().asString().startsWith("service web is degraded:")
        .contains("cannot listen on host port *:8080");
  }

  @Test
  void aStuckRolloutStopsOnceNothingElseIsUnderWay() {
    ServiceStatusDto paused = service("web", State.PAUSED, 1, null,
        new RolloutDto(RolloutDto.Phase.PAUSED, 1, 3, 1, "shop-web-1 exited with code 1", Instant.EPOCH), null);
    assertThat(UpVerdict.of("shop", List.of(paused, service("db", State.CONVERGING, 0, null, null, null))).kind())
        .isEqualTo(UpVerdict.Kind.WAIT);
    UpVerdict v = UpVerdict.of("shop", List.of(paused, running("db")));
    assertThat(v.kind()).isEqualTo(UpVerdict.Kind.NOT_AS_DECLARED);
    assertThat(v.reasons()).singleElement().asString().contains("rollout paused");
  }
}
