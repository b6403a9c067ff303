package io.orch.cli.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Pulls images through the engine from the CLI ({@code orch pull}), as {@code docker compose pull} does, printing the
 * engine's progress one line per layer state ("Pull complete") rather than every byte count.
 */
public final class ImagePuller implements Closeable {
  private final DockerClient client;
  private final String host;

  public ImagePuller(DockerClientConfig config) {
    this.host = String.valueOf(config.getDockerHost());
    this.client = CliEngineClient.forLongCalls(config);
  }

  /** Reads DOCKER_HOST and friends like the docker CLI; defaults to the local socket. */
  public static ImagePuller fromEnvironment() {
    return new ImagePuller(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /** Pulls {@code image}; each new status goes to {@code progress}. Throws {@link BuildException} on failure. */
  public void pull(String image, Consumer<String> progress) {
    try {
      Progress callback = client.pullImageCmd(image).exec(new Progress(progress));
      callback.awaitCompletion();
      callback.throwIfFailed(image);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildException("pull of " + image + " interrupted");
    } catch (BuildException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new BuildException("pull of " + image + " failed: " + cause.getMessage()
          + (cause instanceof IOException ? " (is the Docker Engine at " + host + " running?)" : ""));
    }
  }

  private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
    private final Consumer<String> progress;
    /** The first error a progress item carried: a pull fails on it, as the docker CLI decides. */
    private final AtomicReference<String> itemError = new AtomicReference<>();
    private final Set<String> shown = new LinkedHashSet<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Progress(Consumer<String> progress) {
      this.progress = progress;
    }

    @Override
    public void onNext(PullResponseItem item) {
      if (item.isErrorIndicated()) {
        itemError.compareAndSet(null, errorText(item));
      }
      String status = item.getStatus();
      // Downloading/Extracting repeat with byte counts: one line per layer and state is progress enough.
      if (status != null && !status.startsWith("Downloading") && !status.startsWith("Extracting")) {
        String line = item.getId() == null ? status : item.getId() + ": " + status;
        if (shown.add(line)) {
          progress.accept(line);
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // Not super.onError: it logs a stack trace at ERROR; the failure is the command's answer, said once.
      failure.compareAndSet(null, throwable);
      try {
        close();
      } catch (IOException e) {
        // the stream is over either way
      }
    }

    void throwIfFailed(String image) {
      Throwable failed = failure.get(); // the pull request itself failed (404, 500, no registry reachable)
      if (failed != null) {
        throw new BuildException("pull of " + image + " failed: " + EngineMessage.of(failed));
      }
      if (itemError.get() != null) {
        throw new BuildException("pull of " + image + " failed: " + itemError.get());
      }
    }

    @SuppressWarnings("deprecation") // getError(): older engines send only the plain "error" field
    private static String errorText(PullResponseItem item) {
      String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
          ? item.getErrorDetail().getMessage()
          : item.getError();
      return message == null ? "unknown error" : message;
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
