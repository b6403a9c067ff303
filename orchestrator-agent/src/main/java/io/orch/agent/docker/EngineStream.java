package io.orch.agent.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived engine stream (events, followed logs) whose end is reported exactly once: when the engine ends it
 * (null) or it fails (the translated error). A close by the caller is not reported back to the caller, who knows.
 */
abstract class EngineStream<T> extends ResultCallback.Adapter<T> {
  private static final Logger log = LoggerFactory.getLogger(EngineStream.class);

  private final String operation;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closedByCaller;

  EngineStream(String operation) {
    this.operation = operation;
  }

  /** Called once when the stream ends; {@code tellCaller} is false when the caller closed it. */
  abstract void ended(Throwable error, boolean tellCaller);

  @Override
  public void onError(Throwable error) {
    // Not super.onError: it logs every stream end at ERROR; a reconnect or a removed container is routine.
    closeQuietly();
    end(EngineErrors.translate(operation, error));
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
      log.debug("closing the {} stream failed", operation, e);
    }
  }

  private void end(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      ended(error, !closedByCaller);
    }
  }
}
