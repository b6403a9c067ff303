package io.orch.agent.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.orch.core.engine.EngineEvent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds engine events to the sink on docker-java's stream thread. {@code onEnd} runs at most once: when the engine
 * ends the stream (null) or it fails (the translated error); not when the caller closes it, who knows already.
 */
final class EngineEventStream extends ResultCallback.Adapter<Event> {
  private static final Logger log = LoggerFactory.getLogger(EngineEventStream.class);

  private final Consumer<EngineEvent> sink;
  private final Consumer<Throwable> onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closedByCaller;

  EngineEventStream(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
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
  public void onError(Throwable error) {
    // Not super.onError: it logs every stream end at ERROR; the caller decides how loud a reconnect is.
    closeQuietly();
    end(EngineErrors.translate("events", error));
  }

  @Override
  public void onComplete() {
    closeQuietly();
    end(null);
  }

  @Override
  public void close() throws IOException {
    closedByCaller = true;
    super.close();
  }

  private void closeQuietly() {
    try {
      super.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing the event stream failed", e);
    }
  }

  private void end(Throwable error) {
    if (!closedByCaller && ended.compareAndSet(false, true)) {
      onEnd.accept(error);
    }
  }
}
