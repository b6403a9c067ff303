package io.orch.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.command.ListVolumesResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ContainerUsage;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineInfo;
import io.orch.core.engine.LogSink;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.engine.VolumeCreate;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@link Engine} port on the Docker Engine API, via docker-java over the httpclient5 transport. The only class
 * family of orch that sees docker-java types. No retries or sleeps here: retrying belongs to the caller's queue.
 */
public final class DockerEngine implements Engine, Closeable {
  static final String OP_IMAGE_PULL = "image.pull";

  /** Ordinary calls: the response timeout is {@link DockerEngineSettings#callTimeout()} (honoured on tcp:// only). */
  private final DockerClient client;
  /** {@link #client}'s transport, for the one request docker-java cannot make ({@link StatsMapping}). */
  private final DockerHttpClient http;
  /**
   * No response timeout: the events stream idles for minutes (docker-java #482), followed logs for hours, pulls and
   * long stops are slow. Streams end when the caller closes them; a long stop still has its own deadline.
   */
  private final DockerClient streamingClient;
  /** Arms the per-call deadlines ({@link CallDeadline}); one daemon thread that only interrupts. */
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orch-engine-deadlines");
    t.setDaemon(true);
    return t;
  });
  private final DockerEngineSettings settings;
  private final EngineCallListener listener;
  private final String host;

  public DockerEngine(DockerClientConfig config, DockerEngineSettings settings, EngineCallListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.host = String.valueOf(config.getDockerHost());
    this.http = httpClient(config, settings, settings.callTimeout());
    this.client = DockerClientImpl.getInstance(config, http);
    this.streamingClient = DockerClientImpl.getInstance(config, httpClient(config, settings, null));
  }

  public DockerEngine(DockerClientConfig config, EngineCallListener listener) {
    this(config, DockerEngineSettings.DEFAULTS, listener);
  }

  /** Reads DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH like the docker CLI; defaults to the local socket. */
  public static DockerEngine fromEnvironment(EngineCallListener listener) {
    return new DockerEngine(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), listener);
  }

  private static DockerHttpClient httpClient(
      DockerClientConfig config, DockerEngineSettings settings, Duration responseTimeout) {
    return new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(settings.maxConnections())
        .connectionTimeout(settings.connectTimeout())
        .responseTimeout(responseTimeout)
        .build();
  }

  /** The engine address in use, for messages ("unix:///var/run/docker.sock"). */
  public String host() {
    return host;
  }

  public DockerEngineSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- containers

  @Override
  public String createContainer(ContainerSpec spec) {
    String id = call("container.create", () -> {
      CreateContainerCmd cmd = CreateContainerMapping.apply(spec, client.createContainerCmd(spec.image()));
      return cmd.exec().getId();
    });
    if (spec.networkMode() == null && spec.networks().size() > 1) {
      try {
        for (ContainerSpec.NetworkAttachment extra : spec.networks().subList(1, spec.networks().size())) {
          connect(id, extra);
        }
      } catch (EngineException e) {
        // A container on only some of its networks would look complete to the planner; take it away instead.
        removeContainer(id);
        throw e;
      }
    }
    if (spec.files().stream().anyMatch(f -> !f.bindMount())) {
      copyFiles(id, spec);
    }
    return id;
  }

  /** Secrets and configs go in before the first start, so the process never sees them missing. */
  private void copyFiles(String id, ContainerSpec spec) {
    byte[] tar;
    try {
      tar = ContainerFiles.tar(spec.files().stream().filter(f -> !f.bindMount()).toList());
    } catch (ContainerFiles.FileProblem e) {
      removeContainer(id);
      throw new EngineException.Rejected(e.getMessage(), null);
    }
    try {
      run("container.copy-files", () -> client.copyArchiveToContainerCmd(EnginePath.segment("container.copy", id))
          .withTarInputStream(new java.io.ByteArrayInputStream(tar))
          .withRemotePath("/")
          .exec());
    } catch (EngineException e) {
      // A container without its secrets would start and fail in ways that hide the cause; take it away instead.
      removeContainer(id);
      throw e;
    }
  }

  private static ContainerNetwork containerNetwork(ContainerSpec.NetworkAttachment attachment) {
    ContainerNetwork network = new ContainerNetwork().withAliases(attachment.aliases());
    if (attachment.ipv4Address() != null || attachment.ipv6Address() != null) {
      network.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(attachment.ipv4Address())
          .withIpv6Address(attachment.ipv6Address()));
    }
    return network;
  }

  private void connect(String containerId, ContainerSpec.NetworkAttachment attachment) {
    run("network.connect", () -> client.connectToNetworkCmd()
        .withContainerId(EnginePath.segment("network.connect", containerId))
        .withNetworkId(EnginePath.segment("network.connect", attachment.network()))
        .withContainerNetwork(containerNetwork(attachment))
        .exec());
  }

  @Override
  public void startContainer(String id) {
    run("container.start", () -> client.startContainerCmd(EnginePath.segment("container.start", id)).exec());
  }

  /** A null {@code grace} uses the container's own stop timeout (the spec's stop_grace_period, set at create). */
  @Override
  public void stopContainer(String id, Duration grace) {
    // The call blocks for up to the grace period, which may exceed the ordinary response timeout.
    Duration deadline = settings.stopDeadline(grace);
    DockerClient via = deadline.compareTo(settings.callTimeout()) > 0 ? streamingClient : client;
    timed("container.stop", deadline, () -> {
      var cmd = via.stopContainerCmd(EnginePath.segment("container.stop", id));
      if (grace != null) {
        cmd.withTimeout(CreateContainerMapping.wholeSecondsRoundedUp(grace));
      }
      cmd.exec();
      return null;
    }, false);
  }

  @Override
  public void removeContainer(String id) {
    runIdempotentRemove("container.remove",
        () -> client.removeContainerCmd(EnginePath.segment("container.remove", id)).withForce(true)
            .withRemoveVolumes(true).exec());
  }

  @Override
  public List<ObservedContainer> listContainers(Map<String, String> labels) {
    List<Container> listed = call("container.list", () -> {
      var cmd = client.listContainersCmd().withShowAll(true);
      if (!labels.isEmpty()) {
        cmd.withLabelFilter(labels);
      }
      return cmd.exec();
    });
    List<ObservedContainer> result = new ArrayList<>(listed.size());
    for (Container c : listed) {
      // A container removed between list and inspect is simply gone; the next event/resync tells the rest.
      inspectContainer(c.getId()).ifPresent(result::add);
    }
    return List.copyOf(result);
  }

  @Override
  public Optional<ObservedContainer> inspectContainer(String idOrName) {
    return inspect("container.inspect", () -> {
      InspectContainerResponse response =
          client.inspectContainerCmd(EnginePath.segment("container.inspect", idOrName)).exec();
      return ObservedMapping.container(response);
    });
  }

  // ---------------------------------------------------------------- networks and volumes

  @Override
  public String createNetwork(NetworkCreate spec) {
    return call("network.create", () -> client.createNetworkCmd()
        .withName(spec.name())
        .withDriver(spec.driver() == null ? "bridge" : spec.driver())
        .withInternal(spec.internal())
        .withLabels(spec.labels())
        .withOptions(spec.driverOpts())
        // Network names are not unique in the engine unless asked; a second "web_default" must be a conflict.
        .withCheckDuplicate(true)
        .withIpam(NetworkIpamMapping.ipam(spec.ipam()))
        .withEnableIpv6(spec.enableIpv6())
        .withAttachable(spec.attachable())
        .exec()
        .getId());
  }

  @Override
  public void removeNetwork(String idOrName) {
    runIdempotentRemove("network.remove",
        () -> client.removeNetworkCmd(EnginePath.segment("network.remove", idOrName)).exec());
  }

  @Override
  public List<ObservedNetwork> listNetworks(Map<String, String> labels) {
    List<Network> networks = call("network.list", () -> {
      var cmd = client.listNetworksCmd();
      if (!labels.isEmpty()) {
        cmd.withFilter("label", labelFilter(labels));
      }
      return cmd.exec();
    });
    return networks.stream().map(ObservedMapping::network).toList();
  }

  @Override
  public Optional<ObservedNetwork> inspectNetwork(String idOrName) {
    return inspect("network.inspect",
        () -> ObservedMapping.network(client.inspectNetworkCmd()
            .withNetworkId(EnginePath.segment("network.inspect", idOrName)).exec()));
  }

  @Override
  public void createVolume(VolumeCreate spec) {
    run("volume.create", () -> {
      var cmd = client.createVolumeCmd().withName(spec.name()).withLabels(spec.labels())
          .withDriverOpts(spec.driverOpts());
      if (spec.driver() != null) {
        cmd.withDriver(spec.driver());
      }
      Map<String, String> labels = cmd.exec().getLabels();
      // The engine answers a create of an existing volume with that volume, whoever made it: one without the asked
      // labels was not created now and is not ours to mount.
      if (labels == null || !labels.entrySet().containsAll(spec.labels().entrySet())) {
        throw new EngineException.Conflict("volume.create: a volume named " + spec.name()
            + " exists already without the labels asked for", null);
      }
    });
  }

  @Override
  public void removeVolume(String name) {
    runIdempotentRemove("volume.remove",
        () -> client.removeVolumeCmd(EnginePath.segment("volume.remove", name)).exec());
  }

  @Override
  public List<ObservedVolume> listVolumes(Map<String, String> labels) {
    ListVolumesResponse response = call("volume.list", () -> {
      var cmd = client.listVolumesCmd();
      if (!labels.isEmpty()) {
        cmd.withFilter("label", labelFilter(labels));
      }
      return cmd.exec();
    });
    List<InspectVolumeResponse> volumes = response.getVolumes() == null ? List.of() : response.getVolumes();
    return volumes.stream().map(ObservedMapping::volume).toList();
  }

  @Override
  public Optional<ObservedVolume> inspectVolume(String name) {
    return inspect("volume.inspect", () -> ObservedMapping.volume(
        client.inspectVolumeCmd(EnginePath.segment("volume.inspect", name)).exec()));
  }

  private static List<String> labelFilter(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  // ---------------------------------------------------------------- images and engine

  @Override
  public void pullImage(String image) {
    run(OP_IMAGE_PULL, () -> {
      PullProgress pull = streamingClient.pullImageCmd(image).exec(new PullProgress());
      try {
        if (!pull.awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          throw new EngineException.Unavailable(
              OP_IMAGE_PULL + ": pull of " + image + " did not finish within " + settings.pullTimeout(), null);
        }
      } finally {
        pull.close();
      }
      pull.throwIfFailed(image);
    });
  }

  /**
   * The process id, in this host's pid namespace, of a running container's init process (for reading its cgroup
   * files); empty when the container is missing or not running.
   */
  public OptionalLong initPid(String containerId) {
    return inspect("container.inspect", () -> {
      InspectContainerResponse response =
          client.inspectContainerCmd(EnginePath.segment("container.inspect", containerId)).exec();
      Long pid = response.getState() == null ? null : response.getState().getPidLong();
      return Boolean.TRUE.equals(response.getState() == null ? null : response.getState().getRunning())
          && pid != null && pid > 0 ? pid : null;
    }).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  @Override
  public boolean imageExists(String image) {
    return inspect("image.inspect", () -> client.inspectImageCmd(image).exec()).isPresent();
  }

  @Override
  public EngineInfo info() {
    Version version = call("version", () -> client.versionCmd().exec());
    return new EngineInfo(version.getVersion(), version.getApiVersion(), version.getOperatingSystem(),
        version.getArch());
  }

  @Override
  public void ping() {
    run("ping", () -> client.pingCmd().exec());
  }

  // ---------------------------------------------------------------- events

  @Override
  public Closeable watchEvents(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
    EngineEventStream stream = new EngineEventStream(sink, onEnd);
    run("events", () -> streamingClient.eventsCmd().exec(stream));
    return stream;
  }

  // ---------------------------------------------------------------- logs

  @Override
  public Closeable logs(String containerId, boolean follow, int tail, LogSink sink) {
    return logs(containerId, follow, tail, null, sink);
  }

  @Override
  public Closeable logs(String containerId, boolean follow, int tail, java.time.Instant since, LogSink sink) {
    ContainerLogStream stream = new ContainerLogStream(sink);
    run("logs", () -> {
      var cmd = streamingClient.logContainerCmd(EnginePath.segment("logs", containerId)).withStdOut(true)
          .withStdErr(true)
          .withTimestamps(true).withFollowStream(follow);
      if (tail >= 0) {
        cmd.withTail(tail);
      }
      if (since != null) {
        cmd.withSince((int) since.getEpochSecond()); // whole seconds: the caller drops the earlier lines by time
      }
      cmd.exec(stream);
    });
    return stream;
  }

  // ---------------------------------------------------------------- the one place calls are timed and translated

  // ---------------------------------------------------------------- usage

  /** One-shot stats (API 1.41): one short request per container; a missing container is empty. */
  @Override
  public Optional<ContainerUsage> usage(String containerId) {
    String path = "/containers/" + EnginePath.segment("container.stats", containerId)
        + "/stats?stream=false&one-shot=true";
    return call("container.stats", () -> {
      DockerHttpClient.Request request = DockerHttpClient.Request.builder()
          .method(DockerHttpClient.Request.Method.GET).path(path).build();
      try (DockerHttpClient.Response response = http.execute(request)) {
        int status = response.getStatusCode();
        if (status == 404) {
          return Optional.<ContainerUsage>empty();
        }
        if (status >= 500) {
          throw new EngineException.Unavailable("container.stats: the engine answered " + status, null);
        }
        if (status >= 400) {
          throw new EngineException.Rejected("container.stats: the engine answered " + status, null);
        }
        return StatsMapping.read(response.getBody());
      }
    });
  }

  @FunctionalInterface
  private interface EngineCall<T> {
    T exec() throws Exception;
  }

  @FunctionalInterface
  private interface VoidEngineCall {
    void exec() throws Exception;
  }

  private <T> T call(String operation, EngineCall<T> body) {
    return timed(operation, settings.deadline(operation), body, false);
  }

  private void run(String operation, VoidEngineCall body) {
    timed(operation, settings.deadline(operation), () -> {
      body.exec();
      return null;
    }, false);
  }

  /** Removing what is already gone is what the caller wanted. */
  private void runIdempotentRemove(String operation, VoidEngineCall body) {
    timed(operation, settings.deadline(operation), () -> {
      body.exec();
      return null;
    }, true);
  }

  private <T> Optional<T> inspect(String operation, EngineCall<T> body) {
    return Optional.ofNullable(timed(operation, settings.deadline(operation), body, true));
  }

  /**
   * Runs one engine call within {@code deadline}, reports its duration to the listener, and translates its failure.
   * A 304 (start of a running container, stop of a stopped one) is success; with {@code notFoundIsNull} a 404 yields
   * null instead of an error. A call past its deadline is {@link EngineException.Unavailable} whatever it threw on
   * the way out (the interrupt surfaces as assorted I/O and cancellation errors), with a
   * {@link TimeoutException} as its cause.
   */
  private <T> T timed(String operation, Duration deadline, EngineCall<T> body, boolean notFoundIsNull) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = null;
      Exception failure = null;
      boolean late;
      CallDeadline armed = CallDeadline.start(deadlines, deadline);
      try {
        result = body.exec();
      } catch (Exception e) {
        failure = e;
      } finally {
        late = armed.finish();
      }
      if (failure == null) {
        ok = true;
        return result; // an answer in hand is an answer, even one that came at the last moment
      }
      if (late) {
        EngineException.Unavailable timedOut = deadlineExceeded(operation, deadline);
        timedOut.addSuppressed(failure);
        throw timedOut;
      }
      if (failure instanceof NotModifiedException) {
        ok = true;
        return null;
      }
      if (failure instanceof NotFoundException && notFoundIsNull) {
        ok = true;
        return null;
      }
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new EngineException.Unavailable(operation + ": interrupted", failure);
      }
      throw EngineErrors.translate(operation, failure, host);
    } finally {
      listener.onCall(operation, Duration.ofNanos(System.nanoTime() - start), ok);
    }
  }

  /** "container.list: no answer from the Docker Engine within 30s" */
  static EngineException.Unavailable deadlineExceeded(String operation, Duration deadline) {
    String message = operation + ": no answer from the Docker Engine within " + DockerEngineSettings.text(deadline);
    return new EngineException.Unavailable(message, new TimeoutException(message));
  }

  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    try {
      client.close();
    } finally {
      streamingClient.close();
    }
  }
}
