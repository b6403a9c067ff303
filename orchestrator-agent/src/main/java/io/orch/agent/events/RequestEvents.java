package io.orch.agent.events;

import io.orch.api.server.RequestListener;
import java.time.Clock;
import java.time.Duration;

/**
 * The API's request listener on the agent: requests go to the metrics, refused streams become an
 * {@code api.streams_refused} event as well, so whoever watches the events sees a client holding the stream cap.
 */
public final class RequestEvents implements RequestListener {
  private final RequestListener metrics;
  private final AgentEvents events;
  private final Clock clock;

  public RequestEvents(RequestListener metrics, AgentEvents events, Clock clock) {
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void onRequest(String method, String route, int status, Duration duration) {
    metrics.onRequest(method, route, status, duration);
  }

  @Override
  public void onStreamsRefused(String message) {
    events.emit(new AgentEvent(clock.instant(), EventType.API_STREAMS_REFUSED, null, null, null, null, null, message));
  }
}
