package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinTest {
  private static Backend backend(int n) {
    return new Backend("id" + n, "web-" + n, InetSocketAddress.createUnresolved("10.0.0." + n, 80));
  }

  @Test
  void eachConnectionStartsAtTheNextReplicaAndFallsBackOnTheOthersInOrder() {
    RoundRobin rr = new RoundRobin();
    rr.update(List.of(backend(1), backend(2), backend(3)));

    assertThat(rr.nextAttempts()).extracting(Backend::name).containsExactly("web-1", "web-2", "web-3");
    assertThat(rr.nextAttempts()).extracting(Backend::name).containsExactly("web-2", "web-3", "web-1");
    assertThat(rr.nextAttempts()).extracting(Backend::name).containsExactly("web-3", "web-1", "web-2");
    assertThat(rr.nextAttempts()).extracting(Backend::name).containsExactly("web-1", "web-2", "web-3");
  }

  @Test
  void spreadsConnectionsEvenlyAndFollowsARotationChange() {
    RoundRobin rr = new RoundRobin();
    rr.update(List.of(backend(1), backend(2), backend(3)));
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      first.merge(rr.nextAttempts().get(0).name(), 1, Integer::sum);
    }
    assertThat(first).containsOnly(Map.entry("web-1", 100), Map.entry("web-2", 100), Map.entry("web-3", 100));

    rr.update(List.of(backend(1), backend(3))); // web-2 turned unhealthy
    for (int i = 0; i < 10; i++) {
      assertThat(rr.nextAttempts()).extracting(Backend::name).doesNotContain("web-2").hasSize(2);
    }
  }

  @Test
  void anEmptyRotationOffersNothing() {
    RoundRobin rr = new RoundRobin();

    assertThat(rr.nextAttempts()).isEmpty();
  }
}
