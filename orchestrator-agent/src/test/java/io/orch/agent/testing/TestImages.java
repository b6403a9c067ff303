package io.orch.agent.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Engine helpers for integration tests: a local busybox image (no registry needed), an engine check that fails
 * loudly, and cleanup by label. Uses docker-java directly: this is test code, not orch's engine port.
 */
public final class TestImages {
  /** Tag of the image {@link #busybox()} builds. */
  public static final String BUSYBOX = "orch-test/busybox:latest";
  /** Debian's busybox-static: one static binary, so it runs in a FROM scratch image. */
  private static final Path BUSYBOX_BINARY = Path.of(System.getProperty("orch.busybox", "/usr/bin/busybox"));

  private static final DockerClientConfig CONFIG = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
  private static final DockerClient DOCKER = DockerClientImpl.getInstance(CONFIG,
      new ApacheDockerHttpClient.Builder()
          .dockerHost(CONFIG.getDockerHost())
          .sslConfig(CONFIG.getSSLConfig())
          .connectionTimeout(Duration.ofSeconds(5))
          .responseTimeout(Duration.ofMinutes(2))
          .build());

  private static volatile boolean built;

  private TestImages() {}

  /**
   * Builds {@value #BUSYBOX} once per JVM: FROM scratch, /usr/bin/busybox copied to /bin/busybox, applets installed as
   * symlinks, so sh, sleep, nc, httpd, wget, kill, ping, nslookup, true and false work. Built with docker-java's
   * buildImageCmd (classic builder, no pull: FROM scratch needs no registry). Returns the tag.
   */
  public static synchronized String busybox() {
    if (built) {
      return BUSYBOX;
    }
    requireEngine();
    if (!Files.isExecutable(BUSYBOX_BINARY)) {
      throw new AssertionError(BUSYBOX_BINARY + " not found: apt-get install busybox-static");
    }
    Path context = null;
    try {
      context = Files.createTempDirectory("orch-test-busybox");
      Files.copy(BUSYBOX_BINARY, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
      context.resolve("busybox").toFile().setExecutable(true, false);
      Files.writeString(context.resolve("Dockerfile"), String.join("\n",
          "FROM scratch",
          "COPY busybox /bin/busybox",
          "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
          // scratch has no /tmp; programs (and tests) expect one
          "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"mkdir -p /tmp /var/tmp /root && chmod 1777 /tmp /var/tmp\"]",
          "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "CMD [\"sh\"]",
          ""));
      DOCKER.buildImageCmd(context.toFile())
          .withTags(Set.of(BUSYBOX))
          .withPull(false)
          .withRemove(true)
          .exec(new BuildImageResultCallback())
          .awaitImageId(3, TimeUnit.MINUTES);
      built = true;
      return BUSYBOX;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(context);
    }
  }

  /** Tags {@code image} as {@code tag} (e.g. busybox:1.36 for the examples), replacing an older tag of that name. */
  public static void tagAs(String image, String tag) {
    int colon = tag.lastIndexOf(':');
    DOCKER.tagImageCmd(image, tag.substring(0, colon), tag.substring(colon + 1)).withForce().exec();
  }

  /** Fails (never skips) when the engine does not answer: integration tests call this in {@code @BeforeAll}. */
  public static void requireEngine() {
    try {
      DOCKER.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new AssertionError("Docker Engine not reachable at " + CONFIG.getDockerHost()
          + " (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ", " + e + "): start dockerd", e);
    }
  }

  /** Force-removes every container, then network, then volume carrying label {@code key=value}. */
  public static void removeByLabel(String key, String value) {
    List<String> filter = List.of(key + "=" + value);
    for (Container c : DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
      ignoringNotFound(() -> DOCKER.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
    }
    for (Network n : DOCKER.listNetworksCmd().withFilter("label", filter).exec()) {
      ignoringNotFound(() -> DOCKER.removeNetworkCmd(n.getId()).exec());
    }
    List<InspectVolumeResponse> volumes = DOCKER.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
    for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
      ignoringNotFound(() -> DOCKER.removeVolumeCmd(v.getName()).exec());
    }
  }

  private static void ignoringNotFound(Runnable removal) {
    try {
      removal.run();
    } catch (NotFoundException alreadyGone) {
      // removed concurrently (e.g. --rm or the code under test): fine
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
