package io.orch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineView;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineWatchdogTest {
  private final AtomicReference<RuntimeException> pingFails = new AtomicReference<>();
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger resyncs = new AtomicInteger();
  private final EngineWatchdog watchdog = new EngineWatchdog(pingOnly(), Duration.ofSeconds(10), events::add,
      Clock.systemUTC(), resyncs::incrementAndGet);

  private EngineView pingOnly() {
    return (EngineView) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EngineView.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("ping")) {
            throw new UnsupportedOperationException(method.getName());
          }
          RuntimeException failure = pingFails.get();
          if (failure != null) {
            throw failure;
          }
          return null;
        });
  }

  private static EngineException.Unavailable stalled() {
    String message = "ping: no answer from the Docker Engine within 5s";
    return new EngineException.Unavailable(message, new TimeoutException(message));
  }

  @Test
  void aStallIsAProblemUntilTheEngineAnswersAgainAndBothEndsAreAnnounced() {
    watchdog.check();
    assertThat(watchdog.problem()).isEmpty();

    pingFails.set(stalled());
    watchdog.check();
    watchdog.check();

    assertThat(watchdog.problem()).hasValue("engine not answering: ping: no answer from the Docker Engine within 5s");
    assertThat(events).extracting(AgentEvent::type).containsExactly(EventType.ENGINE_DISCONNECTED);
    assertThat(resyncs).hasValue(0);

    pingFails.set(null);
    watchdog.check();

    assertThat(watchdog.problem()).isEmpty();
    assertThat(events).extracting(AgentEvent::type).containsExactly(EventType.ENGINE_DISCONNECTED, EventType.ENGINE_CONNECTED);
    assertThat(resyncs).hasValue(1);
  }

  /** The event stream notices a refused connection and announces it; the watchdog only keeps the agent unready. */
  @Test
  void aRefusedConnectionIsAProblemButNotAnnouncedTwice() {
    pingFails.set(new EngineException.Unavailable("ping: connection refused", new java.io.IOException("refused")));
    watchdog.check();

    assertThat(watchdog.problem()).hasValue("engine not answering: ping: connection refused");
    assertThat(events).isEmpty();

    pingFails.set(null);
    watchdog.check();
    assertThat(watchdog.problem()).isEmpty();
    assertThat(events).isEmpty();
    assertThat(resyncs).hasValue(1);
  }

  @Test
  void recognisesATimeoutAnywhereInTheCauses() {
    assertThat(EngineWatchdog.stalled(stalled())).isTrue();
    assertThat(EngineWatchdog.stalled(new EngineException.Unavailable("x: Read timed out",
        new RuntimeException(new java.net.SocketTimeoutException("Read timed out"))))).isTrue();
    assertThat(EngineWatchdog.stalled(new EngineException.Unavailable("x", new java.io.IOException("refused"))))
        .isFalse();
  }
}
