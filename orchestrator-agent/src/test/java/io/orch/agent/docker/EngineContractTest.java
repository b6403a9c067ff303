package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.engine.VolumeCreate;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What orch relies on from any {@link Engine}: the behaviours the planner, restart handling and event watcher build
 * on. Subclasses supply the engine and an image with busybox applets (sh, sleep, ping, httpd, tail).
 */
public abstract class EngineContractTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TEST_LABEL = "io.orch.test";

  protected abstract Engine engine();

  /** An image whose PATH has busybox's sh, sleep, ping, httpd, tail, grep, test. */
  protected abstract String image();

  private String prefix;
  private Map<String, String> labels;

  @BeforeEach
  void uniqueNames() {
    prefix = "orchit-" + UUID.randomUUID().toString().substring(0, 8);
    labels = Map.of(TEST_LABEL, prefix);
  }

  @AfterEach
  void removeWhatTheTestCreated() {
    Engine engine = engine();
    engine.listContainers(labels).forEach(c -> engine.removeContainer(c.id()));
    engine.listNetworks(labels).forEach(n -> engine.removeNetwork(n.id()));
    engine.listVolumes(labels).forEach(v -> engine.removeVolume(v.name()));
  }

  // ------------------------------------------------------------------ create, mounts, env, labels

  @Test
  void containerSeesItsEnvironmentCommandNamedVolumeAndSizedTmpfs() {
    String volume = prefix + "_data";
    engine().createVolume(new VolumeCreate(volume, null, labels, null));
    ContainerSpec writer = spec("writer", "sh", "-c",
        "grep -q '^tmpfs /scratch tmpfs .*size=1024k' /proc/mounts && echo \"$GREETING\" > /data/greeting")
        .env(Map.of("GREETING", "hello-orch"))
        .mount(new MountSpec(MountSpec.Type.VOLUME, volume, "/data", false, null))
        .mount(new MountSpec(MountSpec.Type.TMPFS, null, "/scratch", false, 1024L * 1024))
        .label("role", "writer")
        .build();

    String id = engine().createContainer(writer);
    engine().startContainer(id);

    ObservedContainer done = awaitExited(id);
    assertThat(done.exitCode()).as("writer saw its tmpfs and env").isZero();
    assertThat(done.name()).isEqualTo(prefix + "-writer");
    assertThat(done.image()).isEqualTo(image());
    assertThat(done.labels()).containsEntry("role", "writer").containsEntry(TEST_LABEL, prefix);
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.finishedAt()).isNotNull();

    // The data outlives the writer in the named volume; a read-only mount refuses writes.
    ContainerSpec reader = spec("reader", "sh", "-c",
        "test \"$(cat /data/greeting)\" = hello-orch && ! touch /data/other 2>/dev/null")
        .mount(new MountSpec(MountSpec.Type.VOLUME, volume, "/data", true, null))
        .build();
    String readerId = engine().createContainer(reader);
    engine().startContainer(readerId);
    assertThat(awaitExited(readerId).exitCode()).isZero();
  }

  @Test
  void createdButNeverStartedContainerHasNoExitCodeOrTimes() {
    String id = engine().createContainer(spec("idle", "sleep", "300").build());

    ObservedContainer created = engine().inspectContainer(id).orElseThrow();

    assertThat(created.state()).isEqualTo(ObservedContainer.State.CREATED);
    assertThat(created.exitCode()).isNull();
    assertThat(created.startedAt()).isNull();
    assertThat(created.finishedAt()).isNull();
    assertThat(created.health()).isEqualTo(ObservedContainer.Health.NONE);
  }

  @Test
  void publishedPortIsReachableFromTheHost() throws Exception {
    int hostPort = freePort();
    ContainerSpec web = spec("web", "sh", "-c", "mkdir -p /www && echo orch-ok > /www/index.html && "
        + "exec httpd -f -p 8080 -h /www")
        .port(new PortSpec("127.0.0.1", hostPort, 8080, "tcp"))
        .build();
    engine().startContainer(engine().createContainer(web));

    await().atMost(WAIT).ignoreExceptions()
        .until(() -> httpGet(hostPort).contains("orch-ok"));
  }

  // ------------------------------------------------------------------ networks

  @Test
  void containersFindEachOtherByAliasOnEveryNetwork() {
    String front = prefix + "_front";
    String back = prefix + "_back";
    engine().createNetwork(new NetworkCreate(front, "bridge", false, labels, null));
    engine().createNetwork(new NetworkCreate(back, "bridge", false, labels, null));
    ContainerSpec server = spec("server", "sleep", "300")
        .network(front, "api-" + prefix)
        .network(back, "api-internal-" + prefix)
        .build();
    engine().startContainer(engine().createContainer(server));

    ContainerSpec fromFront = spec("client-front", "ping", "-c1", "-W5", "api-" + prefix).network(front).build();
    ContainerSpec fromBack =
        spec("client-back", "ping", "-c1", "-W5", "api-internal-" + prefix).network(back).build();
    String frontId = engine().createContainer(fromFront);
    String backId = engine().createContainer(fromBack);
    engine().startContainer(frontId);
    engine().startContainer(backId);

    assertThat(awaitExited(frontId).exitCode()).as("alias on the first network resolves").isZero();
    assertThat(awaitExited(backId).exitCode()).as("alias on the network connected after create").isZero();
  }

  @Test
  void networksAndVolumesAreListedByLabelAndRemovedIdempotently() {
    String net = prefix + "_net";
    String vol = prefix + "_vol";
    String netId = engine().createNetwork(new NetworkCreate(net, "bridge", true, labels, null));
    engine().createVolume(new VolumeCreate(vol, "local", labels, null));

    assertThat(engine().listNetworks(labels)).extracting(ObservedNetwork::name).containsExactly(net);
    assertThat(engine().inspectNetwork(net)).map(ObservedNetwork::id).contains(netId);
    assertThat(engine().inspectNetwork(net).orElseThrow().labels()).containsEntry(TEST_LABEL, prefix);
    assertThat(engine().listVolumes(labels)).extracting(ObservedVolume::name).containsExactly(vol);
    assertThat(engine().inspectVolume(vol).orElseThrow().labels()).containsEntry(TEST_LABEL, prefix);

    engine().removeNetwork(netId);
    engine().removeNetwork(netId);
    engine().removeVolume(vol);
    engine().removeVolume(vol);

    assertThat(engine().inspectNetwork(net)).isEmpty();
    assertThat(engine().inspectVolume(vol)).isEmpty();
  }

  @Test
  void duplicateNetworkNameIsAConflict() {
    String net = prefix + "_dup";
    engine().createNetwork(new NetworkCreate(net, "bridge", false, labels, null));

    assertThatThrownBy(() -> engine().createNetwork(new NetworkCreate(net, "bridge", false, labels, null)))
        .isInstanceOf(EngineException.Conflict.class);
  }

  // ------------------------------------------------------------------ health

  @Test
  void healthCheckReportsHealthyAndUnhealthy() {
    HealthCheck passing = new HealthCheck(List.of("CMD-SHELL", "true"), Duration.ofMillis(500),
        Duration.ofSeconds(2), 1, Duration.ZERO, null);
    HealthCheck failing = new HealthCheck(List.of("CMD", "false"), Duration.ofMillis(500),
        Duration.ofSeconds(2), 1, Duration.ZERO, null);
    String good = engine().createContainer(spec("good", "sleep", "300").health(passing).build());
    String bad = engine().createContainer(spec("bad", "sleep", "300").health(failing).build());
    engine().startContainer(good);
    engine().startContainer(bad);

    await().atMost(WAIT).until(() -> health(good) == ObservedContainer.Health.HEALTHY);
    await().atMost(WAIT).until(() -> health(bad) == ObservedContainer.Health.UNHEALTHY);
  }

  // ------------------------------------------------------------------ stop, kill, OOM

  @Test
  void stopKillsAProcessThatIgnoresSigtermAfterTheGracePeriod() {
    String id = engine().createContainer(
        spec("stubborn", "sh", "-c", "trap '' TERM; while true; do sleep 1; done").build());
    engine().startContainer(id);
    engine().startContainer(id); // already running: success, not an error
    await().atMost(WAIT).until(() -> engine().inspectContainer(id).orElseThrow().running());

    engine().stopContainer(id, Duration.ofSeconds(1));

    ObservedContainer stopped = engine().inspectContainer(id).orElseThrow();
    assertThat(stopped.state()).isEqualTo(ObservedContainer.State.EXITED);
    assertThat(stopped.exitCode()).as("SIGKILL after the grace period").isEqualTo(137);
    assertThat(stopped.oomKilled()).isFalse();
    engine().stopContainer(id, Duration.ofSeconds(1)); // already stopped: success
  }

  @Test
  void memoryLimitOomKillIsReported() {
    // tail keeps the whole (newline-free) input in memory until the cgroup limit kills it.
    ContainerSpec hog = spec("hog", "tail", "/dev/zero").memory(16L * 1024 * 1024).build();
    String id = engine().createContainer(hog);
    engine().startContainer(id);

    ObservedContainer dead = awaitExited(id);
    assertThat(dead.oomKilled()).isTrue();
    assertThat(dead.exitCode()).isEqualTo(137);
  }

  // ------------------------------------------------------------------ list, inspect, remove

  @Test
  void listContainersFiltersByEveryGivenLabelAndIncludesStoppedOnes() {
    String a1 = engine().createContainer(spec("a1", "sleep", "300").label("role", "a").build());
    String a2 = engine().createContainer(spec("a2", "sleep", "300").label("role", "a").build());
    engine().createContainer(spec("b1", "sleep", "300").label("role", "b").build());
    engine().startContainer(a1);

    Map<String, String> roleA = new HashMap<>(labels);
    roleA.put("role", "a");
    List<ObservedContainer> listed = engine().listContainers(roleA);

    assertThat(listed).extracting(ObservedContainer::id).containsExactlyInAnyOrder(a1, a2);
    assertThat(listed).extracting(ObservedContainer::name).containsExactlyInAnyOrder(prefix + "-a1", prefix + "-a2");
    assertThat(engine().listContainers(labels)).hasSize(3);
  }

  @Test
  void removeIsIdempotentAndInspectOfMissingIsEmpty() {
    String id = engine().createContainer(spec("gone", "sleep", "300").build());
    engine().startContainer(id);

    engine().removeContainer(id);
    engine().removeContainer(id);

    assertThat(engine().inspectContainer(id)).isEmpty();
    assertThat(engine().inspectContainer(prefix + "-never-created")).isEmpty();
    assertThat(engine().inspectNetwork(prefix + "-never-created")).isEmpty();
    assertThat(engine().inspectVolume(prefix + "-never-created")).isEmpty();
  }

  @Test
  void operationsOnMissingContainersAreNotFound() {
    assertThatThrownBy(() -> engine().startContainer(prefix + "-missing"))
        .isInstanceOf(EngineException.NotFound.class);
  }

  @Test
  void duplicateContainerNameIsAConflict() {
    engine().createContainer(spec("twin", "sleep", "300").build());

    assertThatThrownBy(() -> engine().createContainer(spec("twin", "sleep", "300").build()))
        .isInstanceOf(EngineException.Conflict.class)
        .hasMessageContaining(prefix + "-twin");
  }

  @Test
  void invalidSpecIsRejectedWithTheEngineMessage() {
    ContainerSpec badBind = spec("badbind", "true")
        .mount(new MountSpec(MountSpec.Type.BIND, "/nonexistent/" + prefix, "/x", false, null))
        .build();

    assertThatThrownBy(() -> engine().createContainer(badBind))
        .isInstanceOf(EngineException.Rejected.class)
        .hasMessageContaining("/nonexistent/" + prefix);
  }

  @Test
  void imageExistsOnlyForLocalImages() {
    assertThat(engine().imageExists(image())).isTrue();
    assertThat(engine().imageExists("orch-test/missing:" + prefix)).isFalse();
  }

  // ------------------------------------------------------------------ events

  @Test
  void dieEventCarriesTheExitCode() throws IOException {
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    List<Throwable> ends = new CopyOnWriteArrayList<>();
    String id;
    try (Closeable watch = engine().watchEvents(events::add, ends::add)) {
      id = engine().createContainer(spec("dies", "sleep", "300").build());
      engine().startContainer(id);
      engine().stopContainer(id, Duration.ZERO);

      await().atMost(WAIT).until(() -> findEvent(events, id, "die").isPresent());
    }
    EngineEvent die = findEvent(events, id, "die").orElseThrow();
    assertThat(die.type()).isEqualTo("container");
    assertThat(die.attributes()).containsEntry("exitCode", "137").containsEntry(TEST_LABEL, prefix);
    assertThat(die.time()).isNotNull();
    assertThat(findEvent(events, id, "start")).isPresent();
    assertThat(ends).as("closing the watch is not an end of stream").isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private static Optional<EngineEvent> findEvent(List<EngineEvent> events, String id, String action) {
    return events.stream().filter(e -> id.equals(e.id()) && action.equals(e.action())).findFirst();
  }

  private ObservedContainer awaitExited(String id) {
    return await().atMost(WAIT)
        .until(() -> engine().inspectContainer(id).orElseThrow(),
            c -> c.state() == ObservedContainer.State.EXITED);
  }

  private ObservedContainer.Health health(String id) {
    return engine().inspectContainer(id).orElseThrow().health();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String httpGet(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private SpecBuilder spec(String name, String... command) {
    return new SpecBuilder(prefix + "-" + name, image(), List.of(command), labels);
  }

  /** Test-only builder: ContainerSpec has many fields and each test sets a few. */
  static final class SpecBuilder {
    private final String name;
    private final String image;
    private final List<String> command;
    private final Map<String, String> labels;
    private final Map<String, String> env = new HashMap<>();
    private final List<MountSpec> mounts = new java.util.ArrayList<>();
    private final List<PortSpec> ports = new java.util.ArrayList<>();
    private final List<ContainerSpec.NetworkAttachment> networks = new java.util.ArrayList<>();
    private HealthCheck health;
    private Long memory;

    SpecBuilder(String name, String image, List<String> command, Map<String, String> labels) {
      this.name = name;
      this.image = image;
      this.command = command;
      this.labels = new HashMap<>(labels);
    }

    SpecBuilder env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    SpecBuilder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    SpecBuilder mount(MountSpec mount) {
      mounts.add(mount);
      return this;
    }

    SpecBuilder port(PortSpec port) {
      ports.add(port);
      return this;
    }

    SpecBuilder network(String network, String... aliases) {
      networks.add(new ContainerSpec.NetworkAttachment(network, List.of(aliases)));
      return this;
    }

    SpecBuilder health(HealthCheck check) {
      health = check;
      return this;
    }

    SpecBuilder memory(long bytes) {
      memory = bytes;
      return this;
    }

    ContainerSpec build() {
      return new ContainerSpec(name, image, command, null, env, labels, null, null, null, ports, List.of(), mounts,
          null, networks, health, null, memory, null, List.of(), List.of(), false, null, false, null, null);
    }
  }
}
