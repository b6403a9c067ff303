package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConnectionBookTest {
  @Test
  void aDrainReturnsOnceTheLastConnectionOfTheReplicaCloses() throws Exception {
    ConnectionBook book = new ConnectionBook();
    book.opened("a");
    book.opened("a");
    book.opened("b");

    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
      try {
        return book.awaitIdle("a", Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    book.closed("a");
    assertThat(book.openTo("a")).isEqualTo(1);
    book.closed("a");

    assertThat(drained.get()).as("drained before the grace period ran out").isTrue();
    assertThat(book.openTo("b")).isEqualTo(1);
  }

  @Test
  void aDrainGivesUpAfterTheGracePeriodWhileConnectionsStayOpen() throws Exception {
    ConnectionBook book = new ConnectionBook();
    book.opened("a");

    assertThat(book.awaitIdle("a", Duration.ofMillis(20))).isFalse();
    assertThat(book.awaitIdle("idle", Duration.ZERO)).isTrue();
  }
}
