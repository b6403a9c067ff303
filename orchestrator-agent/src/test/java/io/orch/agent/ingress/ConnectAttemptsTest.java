package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectAttemptsTest {
  private static Backend backend(int n) {
    return new Backend("id" + n, "web-" + n, new InetSocketAddress("10.0.0." + n, 80));
  }

  @Test
  void everyReplicaQuicklyThenEveryOnePatientlyTheLastLongest() {
    List<ConnectAttempts.Attempt> attempts = ConnectAttempts.over(List.of(backend(2), backend(3), backend(1)));

    assertThat(attempts).extracting(a -> a.backend().name())
        .containsExactly("web-2", "web-3", "web-1", "web-2", "web-3", "web-1");
    assertThat(attempts).extracting(ConnectAttempts.Attempt::timeoutMillis).containsExactly(
        ConnectAttempts.QUICK_MILLIS, ConnectAttempts.QUICK_MILLIS, ConnectAttempts.QUICK_MILLIS,
        IngressListener.CONNECT_TIMEOUT_MILLIS, IngressListener.CONNECT_TIMEOUT_MILLIS,
        IngressListener.LAST_CONNECT_TIMEOUT_MILLIS);
  }

  @Test
  void oneReplicaGetsASecondSynAfterTheQuickTimeoutInsteadOfTheKernelsOneSecond() {
    assertThat(ConnectAttempts.over(List.of(backend(1)))).containsExactly(
        new ConnectAttempts.Attempt(backend(1), ConnectAttempts.QUICK_MILLIS),
        new ConnectAttempts.Attempt(backend(1), IngressListener.LAST_CONNECT_TIMEOUT_MILLIS));
    assertThat(ConnectAttempts.QUICK_MILLIS).isLessThan(1000);
  }

  @Test
  void noReplicaNoAttempt() {
    assertThat(ConnectAttempts.over(List.of())).isEmpty();
  }
}
