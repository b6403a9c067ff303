package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the passive health check ejects a silent replica, for how long, and how it comes back. */
class PassiveHealthTest {
  private static final long SECOND = 1_000_000_000L;
  private final PassiveHealth health = new PassiveHealth();
  private final Backend a = backend("a");
  private final Backend b = backend("b");
  private final List<Backend> both = List.of(a, b);

  private static Backend backend(String id) {
    return new Backend(id, "shop-web-" + id, new InetSocketAddress("127.0.0.1", 80));
  }

  @Test
  void oneTimeoutIsASlowRequestTwoInARowEject() {
    assertThat(health.timedOut("a", 0)).isEmpty();
    assertThat(health.filter(both, 0)).containsExactly(a, b);

    assertThat(health.timedOut("a", SECOND)).contains(new PassiveHealth.Ejected("a", Duration.ofSeconds(30), 2));
    assertThat(health.filter(both, 2 * SECOND)).containsExactly(b);
  }

  @Test
  void anAnswerBetweenTwoTimeoutsStartsTheCountOver() {
    health.timedOut("a", 0);
    assertThat(health.answered("a")).isEmpty();

    assertThat(health.timedOut("a", SECOND)).isEmpty();
    assertThat(health.filter(both, 2 * SECOND)).containsExactly(a, b);
  }

  @Test
  void afterItsEjectionTheNextConnectionIsTheCheckAndAnAnswerRestoresIt() {
    health.timedOut("a", 0);
    health.timedOut("a", 0);
    long later = 31 * SECOND;

    assertThat(health.filter(both, later)).containsExactly(a, b);
    assertThat(health.answered("a")).contains(new PassiveHealth.Restored("a"));
    assertThat(health.answered("a")).isEmpty();
  }

  @Test
  void onProbationOneTimeoutEjectsItAgainForTwiceAsLong() {
    health.timedOut("a", 0);
    health.timedOut("a", 0);
    long later = 31 * SECOND;

    assertThat(health.timedOut("a", later)).contains(new PassiveHealth.Ejected("a", Duration.ofSeconds(60), 1));
    assertThat(health.filter(both, later + 59 * SECOND)).containsExactly(b);
    assertThat(PassiveHealth.ejection(10)).isEqualTo(PassiveHealth.MAX_EJECTION);
  }

  @Test
  void timeoutsOfConnectionsFromBeforeTheEjectionDoNotExtendIt() {
    health.timedOut("a", 0);
    health.timedOut("a", 0);

    assertThat(health.timedOut("a", SECOND)).isEmpty();
    assertThat(health.filter(both, 31 * SECOND)).containsExactly(a, b);
  }

  @Test
  void whenEveryReplicaIsEjectedNoneIsSkipped() {
    for (String id : List.of("a", "b")) {
      health.timedOut(id, 0);
      health.timedOut(id, 0);
    }

    assertThat(health.filter(both, SECOND)).containsExactly(a, b);
  }

  @Test
  void replicasThatLeftTheRotationAreForgotten() {
    health.timedOut("a", 0);
    health.timedOut("a", 0);
    health.retain(List.of(b));

    assertThat(health.filter(both, SECOND)).containsExactly(a, b);
  }
}
