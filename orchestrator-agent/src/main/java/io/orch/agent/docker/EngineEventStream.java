package io.orch.agent.docker;

import com.github.dockerjava.api.model.Event;
import io.orch.core.engine.EngineEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds engine events to the sink on docker-java's stream thread. {@code onEnd} runs at most once: when the engine
 * ends the stream (null) or it fails (the translated error); not when the caller closes it, who knows already.
 */
final class EngineEventStream extends EngineStream<Event> {
  private static final Logger log = LoggerFactory.getLogger(EngineEventStream.class);

  private final Consumer<EngineEvent> sink;
  private final Consumer<Throwable> onEnd;

  EngineEventStream(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
    super("events");
    this.sink = sink;
    this.onEnd = onEnd;
  }

  @Override
  public void onNext(Event event) {
    try {
      sink.accept(ObservedMapping.event(event));
    } catch (RuntimeException e) {
      // One bad consumer call must not end the stream every reconcile depends on.
      log.warn("event sink failed on {} {}", event.getType(), event.getAction(), e);
    }
  }

  @Override
  void ended(Throwable error, boolean tellCaller) {
    if (tellCaller) {
      onEnd.accept(error);
    }
  }
}
