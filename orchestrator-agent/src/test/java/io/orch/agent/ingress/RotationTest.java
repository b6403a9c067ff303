package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.plan.Labels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RotationTest {
  private static ObservedContainer replica(String service, int slot, State state, Health health, String ip) {
    return new ObservedContainer("id-" + service + slot, "shop-" + service + "-" + slot, "img",
        Map.of(Labels.MANAGED, "true", Labels.STACK, "shop", Labels.SERVICE, service, Labels.SLOT, "" + slot), state,
        health, null, false, null, null, null, ip == null ? Map.of() : Map.of("shop_default", ip));
  }

  private static List<String> names(List<Backend> rotation) {
    return rotation.stream().map(Backend::name).toList();
  }

  @Test
  void runningReplicasWithoutHealthCheckAndHealthyOnesServe() {
    var rotation = Rotation.of(List.of(
        replica("web", 2, State.RUNNING, Health.HEALTHY, "10.0.0.2"),
        replica("web", 1, State.RUNNING, Health.NONE, "10.0.0.1"),
        replica("api", 1, State.RUNNING, Health.NONE, "10.0.0.9")), "web", 80, Set.of());

    assertThat(names(rotation)).containsExactly("shop-web-1", "shop-web-2");
    assertThat(rotation.get(0).address().getHostString()).isEqualTo("10.0.0.1");
    assertThat(rotation.get(0).address().getPort()).isEqualTo(80);
  }

  @Test
  void unhealthyStartingExitedRestartingDrainingAndAddresslessReplicasAreLeftOut() {
    var rotation = Rotation.of(List.of(
        replica("web", 1, State.RUNNING, Health.UNHEALTHY, "10.0.0.1"),
        replica("web", 2, State.RUNNING, Health.STARTING, "10.0.0.2"),
        replica("web", 3, State.EXITED, Health.NONE, null),
        replica("web", 4, State.RESTARTING, Health.NONE, "10.0.0.4"),
        replica("web", 5, State.RUNNING, Health.HEALTHY, "10.0.0.5"),
        replica("web", 6, State.RUNNING, Health.NONE, null),
        replica("web", 7, State.RUNNING, Health.NONE, "10.0.0.7")), "web", 80, Set.of("id-web5"));

    assertThat(names(rotation)).containsExactly("shop-web-7");
  }

  @Test
  void theAddressIsTakenFromTheFirstNetworkByNameSoItStaysStable() {
    ObservedContainer twoNetworks = new ObservedContainer("id", "shop-web-1", "img",
        Map.of(Labels.MANAGED, "true", Labels.STACK, "shop", Labels.SERVICE, "web", Labels.SLOT, "1"),
        State.RUNNING, Health.NONE, null, false, null, null, null,
        Map.of("shop_front", "10.1.0.5", "shop_back", "10.2.0.5"));

    assertThat(Rotation.of(List.of(twoNetworks), "web", 8080, Set.of()).get(0).address().getHostString())
        .isEqualTo("10.2.0.5");
  }
}
