package io.orch.agent.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.state.StateStore;
import io.orch.agent.state.StoredStack;
import io.orch.agent.status.ContainerStatus;
import io.orch.agent.status.ServicePhase;
import io.orch.agent.status.ServiceStatus;
import io.orch.agent.status.StackPhase;
import io.orch.agent.status.StackStatus;
import io.orch.agent.status.StatusBoard;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads join the published status with the stored stack; a submission no pass has seen yet reads as pending. */
class StatusViewTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path stateDir;

  private final StatusBoard board = new StatusBoard();

  private StatusView view(StateStore store) {
    return new StatusView(store, board, Autoscaling.inMemory());
  }

  private static Stack stack(int replicas) {
    return new Stack("shop", Map.of("web", ServiceSpec.of("web", "busybox").withReplicas(replicas)), Map.of(),
        Map.of());
  }

  private static StackStatus published(long generation) {
    ContainerStatus up = new ContainerStatus("shop-web-1", "id1", 1, ObservedContainer.State.RUNNING,
        ObservedContainer.Health.NONE, 0, null, false, NOW, null);
    return new StackStatus("shop", generation, NOW, false, NOW, List.of(new ServiceStatus("shop", "web", "busybox", 1,
        1, 0, false, 0, ServicePhase.RUNNING, null, null, List.of(), List.of(up), null)));
  }

  @Test
  void aSubmissionNoPassHasSeenReadsAsTheDesiredCountConvergingWithWhatRuns() {
    StateStore store = new StateStore(stateDir);
    store.put(new StoredStack(stack(1), 1, NOW, false, false));
    board.publish(published(1));
    store.put(new StoredStack(stack(3), 2, NOW, false, false));

    ServiceStatus web = view(store).service("shop", "web").orElseThrow().status();

    assertThat(web.desired()).isEqualTo(3);
    assertThat(web.running()).isEqualTo(1);
    assertThat(web.state()).isEqualTo(ServicePhase.CONVERGING);
    assertThat(web.containers()).extracting(ContainerStatus::name).containsExactly("shop-web-1");
  }

  @Test
  void aStackThePassHasSeenReadsAsPublishedAndItsPhaseIsDecidedOnce() {
    StateStore store = new StateStore(stateDir);
    store.put(new StoredStack(stack(1), 1, NOW, false, false));
    board.publish(published(1));

    StatusView view = view(store);

    assertThat(view.service("shop", "web").orElseThrow().status().state()).isEqualTo(ServicePhase.RUNNING);
    assertThat(view.stacks()).singleElement().satisfies(s -> {
      assertThat(s.phase()).isEqualTo(StackPhase.RUNNING);
      assertThat(s.desired()).isEqualTo(1);
    });
  }

  @Test
  void anUnknownStackHasNoServicesToRead() {
    assertThat(view(new StateStore(stateDir)).services("nope")).isEmpty();
  }
}
