package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.DependencyWaitDto;
import io.orch.api.dto.RestartDto;
import io.orch.api.dto.ServiceStatusDto;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The facts behind a service's state reach the API as values, not only as notes: a replica waiting out a restart
 * backoff carries its restart decision (why, which restart, when), and a service held back by depends_on names what
 * it waits for.
 */
class TypedStatusIT extends AgentItBase {
  private static final String STACK = """
      services:
        crash:
          image: IMAGE
          command: ["sh", "-c", "sleep 1; exit 3"]
          restart: always
          # Its second restart waits a minute: long enough to be read while it waits, however loaded the machine.
          x-orch:
            backoff: {initial: 60s}
        api:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          depends_on:
            crash: {condition: service_healthy}
      """;

  @Test
  void aBackoffAndADependencyWaitAreValuesInTheStatus() {
    submit(STACK);

    String replica = stack + "-crash-1";
    await("crash waits out its backoff").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> service("crash").containers().stream()
            .anyMatch(c -> c.restart() != null && c.restart().decision() == RestartDto.Decision.WAIT));

    ServiceStatusDto crash = service("crash");
    ContainerDto waiting = crash.containers().get(0);
    assertThat(waiting.name()).isEqualTo(replica);
    RestartDto restart = waiting.restart();
    assertThat(restart.reason()).isEqualTo(RestartDto.Reason.EXIT);
    assertThat(restart.exitCode()).isEqualTo(3);
    assertThat(restart.number()).isEqualTo(2);
    assertThat(restart.due()).isNotNull();
    assertThat(restart.text()).startsWith("exited 3, restart 2 in ");
    assertThat(crash.state()).isEqualTo(ServiceStatusDto.State.BACKING_OFF);
    assertThat(crash.notes()).contains(replica + ": " + restart.text());

    ServiceStatusDto api = service("api");
    assertThat(api.waitingFor()).containsExactly(new DependencyWaitDto("crash", "service_healthy"));
    assertThat(api.notes()).contains("waiting for crash (service_healthy)");
  }
}
