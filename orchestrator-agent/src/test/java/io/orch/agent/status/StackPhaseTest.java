package io.orch.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stack's phase is its worst service's, decided from the typed service phases. */
class StackPhaseTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static ServiceStatus service(String name, ServicePhase phase, int running) {
    return new ServiceStatus("shop", name, "busybox", 1, running, 0, false, 0, phase, null, null, List.of(),
        running == 1 ? List.of(new ContainerStatus("shop-" + name + "-1", "id-" + name, 1,
            io.orch.core.engine.ObservedContainer.State.RUNNING, io.orch.core.engine.ObservedContainer.Health.NONE,
            0, null, false, NOW, null)) : List.of(), null);
  }

  private static StackStatus stack(boolean deleting, ServiceStatus... services) {
    return new StackStatus("shop", 1, NOW, deleting, NOW, List.of(services));
  }

  @Test
  void aFailedServiceSaysMoreThanAPausedOrAConvergingOne() {
    assertThat(StackPhase.of(stack(false, service("a", ServicePhase.CONVERGING, 0),
        service("b", ServicePhase.PAUSED, 1), service("c", ServicePhase.FAILED, 0)))).isEqualTo(StackPhase.FAILED);
    assertThat(StackPhase.of(stack(false, service("a", ServicePhase.DEGRADED, 1),
        service("b", ServicePhase.ROLLING_OUT, 1)))).isEqualTo(StackPhase.ROLLING_OUT);
  }

  @Test
  void everyServiceUpIsRunningAndOneMissingIsConverging() {
    assertThat(StackPhase.of(stack(false, service("a", ServicePhase.RUNNING, 1)))).isEqualTo(StackPhase.RUNNING);
    assertThat(StackPhase.of(stack(false, service("a", ServicePhase.RUNNING, 1),
        service("b", ServicePhase.BACKING_OFF, 0)))).isEqualTo(StackPhase.CONVERGING);
  }

  @Test
  void aStackBeingRemovedIsRemovingWhateverItsServices() {
    assertThat(StackPhase.of(stack(true, service("a", ServicePhase.FAILED, 0)))).isEqualTo(StackPhase.REMOVING);
  }
}
