package io.orch.cli.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import io.orch.core.model.BuildSpec;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a service's image through the engine's build API (the classic builder of API 1.41), as {@code docker
 * compose build} does from the client: the CLI runs this on the engine's machine before it submits a stack, and the
 * agent stays the only one that creates containers, networks and volumes.
 */
public final class ImageBuilder implements Closeable {
  private final DockerClient client;
  private final String host;

  public ImageBuilder(DockerClientConfig config) {
    this.host = String.valueOf(config.getDockerHost());
    this.client = CliEngineClient.forLongCalls(config);
  }

  /** Reads DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH like the docker CLI; defaults to the local socket. */
  public static ImageBuilder fromEnvironment() {
    return new ImageBuilder(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /** What {@code orch build --no-cache} and {@code --pull} add to every service's own build settings. */
  public record Overrides(boolean noCache, boolean pull) {
    public static final Overrides NONE = new Overrides(false, false);
  }

  /** The full id ({@code sha256:...}) of a local image, or empty when the engine has none by that name. */
  public Optional<String> imageId(String image) {
    try {
      return Optional.ofNullable(client.inspectImageCmd(image).exec().getId());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw unreachable(e);
    }
  }

  /**
   * Builds {@code spec} into {@code image} (plus the spec's extra tags) and returns the new image's full id. Each
   * {@code Step N/M} goes to {@code steps}. Throws {@link BuildException} when the build fails, with the failing
   * step's output.
   */
  public String build(String image, BuildSpec spec, Overrides overrides, Consumer<String> steps) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add(image);
    tags.addAll(spec.tags());
    BuildContext.Packed packed = null;
    try {
      BuildImageCmd cmd;
      if (spec.remoteContext()) {
        cmd = client.buildImageCmd().withRemote(URI.create(spec.context()));
        if (spec.dockerfile() != null) {
          cmd.withDockerfilePath(spec.dockerfile());
        }
      } else {
        packed = BuildContext.pack(Path.of(spec.context()), spec.dockerfile(), spec.dockerfileInline());
        cmd = client.buildImageCmd().withDockerfilePath(packed.dockerfilePath());
      }
      cmd.withTags(tags)
          .withRemove(true)
          .withForcerm(true)
          .withNoCache(spec.noCache() || overrides.noCache())
          .withPull(spec.pull() || overrides.pull());
      spec.args().forEach(cmd::withBuildArg);
      if (!spec.labels().isEmpty()) {
        cmd.withLabels(spec.labels());
      }
      if (spec.target() != null) {
        cmd.withTarget(spec.target());
      }
      if (spec.network() != null) {
        cmd.withNetworkMode(spec.network());
      }
      if (!spec.extraHosts().isEmpty()) {
        cmd.withExtraHosts(new LinkedHashSet<>(spec.extraHosts()));
      }
      if (spec.shmSizeBytes() != null) {
        cmd.withShmsize(spec.shmSizeBytes());
      }
      if (!spec.cacheFrom().isEmpty()) {
        cmd.withCacheFrom(new LinkedHashSet<>(spec.cacheFrom()));
      }
      BuildProgress progress = new BuildProgress(steps);
      if (packed == null) {
        run(cmd, progress, spec);
      } else {
        try (InputStream tar = Files.newInputStream(packed.tar())) {
          run(cmd.withTarInputStream(tar), progress, spec);
        }
      }
      progress.result();
      // The stream's id may be the short one ("Successfully built 1a2b"); the label and the hash want the full id.
      return imageId(image).orElseThrow(() -> new BuildException("the engine has no image " + image
          + " after building it"));
    } catch (IOException e) {
      throw new BuildException("cannot pack build context " + spec.context() + ": " + e.getMessage());
    } finally {
      if (packed != null) {
        try {
          Files.deleteIfExists(packed.tar());
        } catch (IOException e) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private void run(BuildImageCmd cmd, BuildProgress progress, BuildSpec spec) {
    try {
      cmd.exec(progress).awaitCompletion();
      progress.rethrowRequestFailure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildException("build interrupted");
    } catch (DockerException e) {
      // The engine refused the request itself (e.g. 400 "Cannot locate specified Dockerfile", a parse error).
      throw new BuildException(DockerfileRefusal.describe(spec, EngineMessage.of(e)));
    } catch (RuntimeException e) {
      throw unreachable(e);
    }
  }

  private RuntimeException unreachable(RuntimeException e) {
    if (e instanceof BuildException || e instanceof DockerException) {
      return e;
    }
    Throwable cause = e instanceof UncheckedIOException || e.getCause() != null ? e.getCause() : e;
    return new BuildException("Docker Engine not reachable at " + host + ": " + (cause == null ? e : cause));
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
