package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The per-port cap, its idle eviction, and the descriptor budget shared by every port. */
class PortConnectionsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void atTheCapTheLongestIdleConnectionIsClosedToAdmitANewOne() {
    PortConnections port = new PortConnections(new IngressBudget(100));
    EmbeddedChannel first = new EmbeddedChannel();
    EmbeddedChannel second = new EmbeddedChannel();
    port.admit(first, 2, 0);
    port.admit(second, 2, 0);
    port.touch(first, SECOND); // first moved bytes later: second is now the longest idle

    EmbeddedChannel third = new EmbeddedChannel();
    assertThat(port.admit(third, 2, 3 * SECOND)).isEqualTo(PortConnections.Admission.ADMITTED_BY_EVICTION);

    assertThat(second.isOpen()).isFalse();
    assertThat(first.isOpen()).isTrue();
    assertThat(port.open()).isEqualTo(2);
  }

  @Test
  void whenEveryConnectionMovedBytesJustNowTheNewOneIsRefused() {
    PortConnections port = new PortConnections(new IngressBudget(100));
    EmbeddedChannel busy = new EmbeddedChannel();
    port.admit(busy, 1, 0);
    port.touch(busy, 5 * SECOND);

    assertThat(port.admit(new EmbeddedChannel(), 1, 5 * SECOND + 1)).isEqualTo(PortConnections.Admission.REFUSED);
    assertThat(busy.isOpen()).isTrue();
  }

  @Test
  void theBudgetBoundsEveryPortTogether() {
    IngressBudget budget = new IngressBudget(2);
    PortConnections a = new PortConnections(budget);
    PortConnections b = new PortConnections(budget);
    EmbeddedChannel onA = new EmbeddedChannel();
    a.admit(onA, 10, 0);
    b.admit(new EmbeddedChannel(), 10, 5 * SECOND);
    b.touch(new EmbeddedChannel(), 5 * SECOND);

    // b's own connection moved bytes just now, so it cannot make room: refused although b is far below its cap.
    assertThat(b.admit(new EmbeddedChannel(), 10, 5 * SECOND)).isEqualTo(PortConnections.Admission.REFUSED);

    a.release(onA);
    assertThat(budget.open()).isEqualTo(1);
    assertThat(b.admit(new EmbeddedChannel(), 10, 5 * SECOND)).isEqualTo(PortConnections.Admission.ADMITTED);
  }

  @Test
  void aReleasedOrEvictedConnectionGivesItsPlaceBackOnce() {
    IngressBudget budget = new IngressBudget(10);
    PortConnections port = new PortConnections(budget);
    EmbeddedChannel c = new EmbeddedChannel();
    port.admit(c, 1, 0);
    port.admit(new EmbeddedChannel(), 1, 2 * SECOND); // evicts c

    port.release(c); // its close arrives later: already given back
    assertThat(budget.open()).isEqualTo(1);
  }

  @Test
  void theBudgetSetsTheApisConnectionsAndTheAgentsOwnFilesApart() {
    assertThat(IngressBudget.fromLimit(20_000, 1024)).isEqualTo(8_976);
    assertThat(IngressBudget.fromLimit(1_024, 1024)).isEqualTo(IngressBudget.MINIMUM_CONNECTIONS);
  }
}
