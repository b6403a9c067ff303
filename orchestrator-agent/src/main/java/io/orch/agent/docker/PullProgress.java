package io.orch.agent.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import io.orch.core.engine.EngineException;
import java.util.concurrent.atomic.AtomicReference;

/** Collects a pull's progress stream; a pull fails when an item carries an error, as the docker CLI decides. */
final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
  private final AtomicReference<String> error = new AtomicReference<>();

  @Override
  @SuppressWarnings("deprecation") // getError(): older engines send only the plain "error" field
  public void onNext(PullResponseItem item) {
    if (!item.isErrorIndicated()) {
      return;
    }
    String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
        ? item.getErrorDetail().getMessage()
        : item.getError();
    error.compareAndSet(null, message == null ? "unknown error" : message);
  }

  void throwIfFailed(String image) {
    throwFirstError(); // an HTTP-level failure (404, 500) of the pull request itself
    if (error.get() != null) {
      throw new EngineException.Rejected(
          DockerEngine.OP_IMAGE_PULL + ": pull of " + image + " failed: " + error.get(), null);
    }
  }
}
