package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ContainerUsage;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineInfo;
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
import java.net.ServerSocket;
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
 * on, checked through the port only. One class, run against the real engine ({@code DockerEngineIT}) and against the
 * fake ({@code FakeEngineContractTest}), so the fake that unit and golden tests use cannot drift from Docker.
 * Scenarios only real processes can show (DNS between containers, a server on a published port, what a process
 * sees of its mounts and environment) are in {@code DockerRuntimeIT}.
 *
 * <p>Commands are chosen so that they mean the same under busybox and under the fake's documented behaviour model:
 * {@code sh -c 'exit K'} exits K, {@code sleep 300} runs and ignores SIGTERM as PID 1, {@code trap 'exit K' TERM}
 * exits K on stop, {@code tail /dev/zero} under a memory limit is OOM-killed, a health check of {@code true} passes
 * and one of {@code false} fails.
 */
public abstract class EngineContractTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TEST_LABEL = "io.orch.test";
  /** Object names start with this ({@code -Dorch.test.prefix=...}), so parallel runs on one engine stay apart. */
  private static final String NAME_PREFIX = System.getProperty("orch.test.prefix", "orchit");

  protected abstract Engine engine();

  /** An image the engine has locally, whose PATH has busybox's sh, sleep, tail and true. */
  protected abstract String image();

  /** An engine of the same kind that nothing answers for (no daemon behind the address, or the fake taken down). */
  protected abstract Engine unreachableEngine();

  private String prefix;
  private Map<String, String> labels;

  @BeforeEach
  void uniqueNames() {
    prefix = NAME_PREFIX + "-" + UUID.randomUUID().toString().substring(0, 8);
    labels = Map.of(TEST_LABEL, prefix);
  }

  @AfterEach
  void removeWhatTheTestCreated() {
    Engine engine = engine();
    engine.listContainers(labels).forEach(c -> engine.removeContainer(c.id()));
    engine.listNetworks(labels).forEach(n -> engine.removeNetwork(n.id()));
    engine.listVolumes(labels).forEach(v -> engine.removeVolume(v.name()));
  }

  // ------------------------------------------------------------------ create, start, exit

  @Test
  void exitedContainerReportsItsExitCodeNameImageLabelsAndTimes() {
    String id = engine().createContainer(spec("exits", "sh", "-c", "exit 3").label("role", "batch").build());
    engine().startContainer(id);

    ObservedContainer done = awaitExited(id);
    assertThat(done.id()).isEqualTo(id);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.oomKilled()).isFalse();
    assertThat(done.name()).isEqualTo(prefix + "-exits");
    assertThat(done.image()).isEqualTo(image());
    assertThat(done.labels()).containsEntry("role", "batch").containsEntry(TEST_LABEL, prefix);
    assertThat(done.health()).isEqualTo(ObservedContainer.Health.NONE);
    assertThat(done.startedAt()).isNotNull();
    // No order between the two: for a process that exits at once, Docker 20.10 may record StartedAt a little after
    // FinishedAt (seen: 1.6 ms). Restart logic only ever asks whether the run lasted reset_after.
    assertThat(done.finishedAt()).isNotNull();
    assertThat(engine().inspectContainer(prefix + "-exits")).map(ObservedContainer::id).contains(id);

    String ok = engine().createContainer(spec("succeeds", "true").build());
    engine().startContainer(ok);
    assertThat(awaitExited(ok).exitCode()).isZero();
  }

  // ------------------------------------------------------------------ usage (the autoscaler's measurement)

  @Test
  void busyContainerUsesCpuTimeAndMemoryWhileRunningAndReportsNothingOnceStopped() {
    String id = engine().createContainer(spec("busy", "sh", "-c", "while :; do :; done").build());
    assertThat(engine().usage(id)).as("created, not running").isEmpty();
    engine().startContainer(id);

    ContainerUsage first = engine().usage(id).orElseThrow();
    ContainerUsage later = await().atMost(WAIT).until(() -> engine().usage(id).orElseThrow(),
        u -> u.readAt().isAfter(first.readAt()) && u.cpuNanos() > first.cpuNanos());
    assertThat(later.memoryBytes()).isPositive();

    engine().stopContainer(id, Duration.ZERO);
    assertThat(engine().usage(id)).as("stopped").isEmpty();
  }

  @Test
  void usageOfAMissingContainerIsEmpty() {
    assertThat(engine().usage(prefix + "-never-created")).isEmpty();
  }

  @Test
  void createdButNeverStartedContainerHasNoExitCodeOrTimes() {
    String id = engine().createContainer(spec("idle", "sleep", "300").build());

    ObservedContainer created = engine().inspectContainer(id).orElseThrow();

    assertThat(created.state()).isEqualTo(ObservedContainer.State.CREATED);
    assertThat(created.running()).isFalse();
    assertThat(created.exitCode()).isNull();
    assertThat(created.startedAt()).isNull();
    assertThat(created.finishedAt()).isNull();
    assertThat(created.health()).isEqualTo(ObservedContainer.Health.NONE);
  }

  @Test
  void longRunningProcessRunsUntilStoppedAndCanBeStartedAgain() {
    String id = engine().createContainer(spec("server", "sleep", "300").build());
    engine().startContainer(id);

    ObservedContainer running = engine().inspectContainer(id).orElseThrow();
    assertThat(running.state()).isEqualTo(ObservedContainer.State.RUNNING);
    assertThat(running.startedAt()).isNotNull();
    assertThat(running.finishedAt()).as("never finished yet").isNull();

    engine().stopContainer(id, Duration.ZERO);
    ObservedContainer stopped = engine().inspectContainer(id).orElseThrow();
    engine().startContainer(id);

    ObservedContainer again = engine().inspectContainer(id).orElseThrow();
    assertThat(again.state()).isEqualTo(ObservedContainer.State.RUNNING);
    assertThat(again.startedAt()).isAfterOrEqualTo(stopped.finishedAt());
    assertThat(again.finishedAt()).as("the last finish is kept").isEqualTo(stopped.finishedAt());
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
  void stopLetsAProcessThatHandlesSigtermExitWithItsOwnCode() throws IOException {
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    String id;
    try (Closeable watch = engine().watchEvents(events::add, e -> { })) {
      awaitLive(events);
      id = engine().createContainer(
          spec("polite", "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done").build());
      engine().startContainer(id);

      engine().stopContainer(id, Duration.ofSeconds(20));

      await().atMost(WAIT).until(() -> findEvent(events, id, "stop").isPresent());
    }
    ObservedContainer stopped = engine().inspectContainer(id).orElseThrow();
    assertThat(stopped.state()).isEqualTo(ObservedContainer.State.EXITED);
    assertThat(stopped.exitCode()).isZero();
    assertThat(actions(events, id, "kill")).extracting(e -> e.attributes().get("signal"))
        .as("SIGTERM only, no SIGKILL").containsExactly("15");
    assertThat(findEvent(events, id, "die").orElseThrow().attributes()).containsEntry("exitCode", "0");
  }

  @Test
  void stoppingOrStartingAContainerThatWasNeverStartedOrIsGoneBehaves() {
    String id = engine().createContainer(spec("never", "sleep", "300").build());

    engine().stopContainer(id, Duration.ZERO); // not running: success
    assertThat(engine().inspectContainer(id).orElseThrow().state()).isEqualTo(ObservedContainer.State.CREATED);

    engine().removeContainer(id);
    assertThatThrownBy(() -> engine().stopContainer(id, Duration.ZERO)).isInstanceOf(EngineException.NotFound.class);
    assertThatThrownBy(() -> engine().startContainer(id)).isInstanceOf(EngineException.NotFound.class);
  }

  @Test
  void memoryLimitOomKillIsReported() throws IOException {
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    String id;
    ObservedContainer dead;
    try (Closeable watch = engine().watchEvents(events::add, e -> { })) {
      awaitLive(events);
      // tail keeps the whole (newline-free) input in memory until the cgroup limit kills it.
      ContainerSpec hog = spec("hog", "tail", "/dev/zero").memory(16L * 1024 * 1024).build();
      id = engine().createContainer(hog);
      engine().startContainer(id);

      dead = awaitExited(id);
      await().atMost(WAIT).until(() -> findEvent(events, id, "die").isPresent());
    }
    assertThat(dead.oomKilled()).isTrue();
    assertThat(dead.exitCode()).isEqualTo(137);
    assertThat(findEvent(events, id, "oom")).isPresent();
    assertThat(findEvent(events, id, "die").orElseThrow().attributes()).containsEntry("exitCode", "137");
  }

  // ------------------------------------------------------------------ health

  @Test
  void healthCheckReportsStartingHealthyAndUnhealthyWithEvents() throws IOException {
    HealthCheck passing = new HealthCheck(List.of("CMD-SHELL", "true"), Duration.ofMillis(500),
        Duration.ofSeconds(2), 1, Duration.ZERO, null);
    HealthCheck failing = new HealthCheck(List.of("CMD", "false"), Duration.ofMillis(500),
        Duration.ofSeconds(2), 1, Duration.ZERO, null);
    HealthCheck slow = new HealthCheck(List.of("CMD", "true"), Duration.ofMinutes(5),
        Duration.ofSeconds(2), 1, Duration.ZERO, null);
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    String good;
    String bad;
    try (Closeable watch = engine().watchEvents(events::add, e -> { })) {
      awaitLive(events);
      good = engine().createContainer(spec("good", "sleep", "300").health(passing).build());
      bad = engine().createContainer(spec("bad", "sleep", "300").health(failing).build());
      String notYet = engine().createContainer(spec("notyet", "sleep", "300").health(slow).build());
      engine().startContainer(good);
      engine().startContainer(bad);
      engine().startContainer(notYet);

      assertThat(health(notYet)).as("no probe has run yet").isEqualTo(ObservedContainer.Health.STARTING);
      await().atMost(WAIT).until(() -> health(good) == ObservedContainer.Health.HEALTHY);
      await().atMost(WAIT).until(() -> health(bad) == ObservedContainer.Health.UNHEALTHY);
      await().atMost(WAIT).until(() -> findEvent(events, bad, "health_status: unhealthy").isPresent()
          && findEvent(events, good, "health_status: healthy").isPresent());
    }
    assertThat(findEvent(events, bad, "health_status: unhealthy").orElseThrow().attributes())
        .containsEntry(TEST_LABEL, prefix).containsEntry("name", prefix + "-bad");
    assertThat(findEvent(events, good, "health_status: unhealthy")).isEmpty();

    engine().stopContainer(good, Duration.ZERO);
    engine().stopContainer(bad, Duration.ZERO);
    // The engine's own status turns "unhealthy" for every container that stops; the restart backoff needs to know
    // whether the run ended healthy, so the port reports the health the check had when it stopped.
    assertThat(health(good)).as("stopped while healthy").isEqualTo(ObservedContainer.Health.HEALTHY);
    assertThat(health(bad)).as("stopped while unhealthy").isEqualTo(ObservedContainer.Health.UNHEALTHY);
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
    assertThat(listed).filteredOn(c -> c.id().equals(a1)).extracting(ObservedContainer::state)
        .containsExactly(ObservedContainer.State.RUNNING);
    assertThat(engine().listContainers(labels)).hasSize(3);
    assertThat(engine().listContainers(Map.of(TEST_LABEL, prefix + "-other"))).isEmpty();
  }

  @Test
  void removeIsIdempotentAndInspectOfMissingIsEmpty() {
    String id = engine().createContainer(spec("gone", "sleep", "300").build());
    engine().startContainer(id);

    engine().removeContainer(id);
    engine().removeContainer(id);

    assertThat(engine().inspectContainer(id)).isEmpty();
    assertThat(engine().listContainers(labels)).isEmpty();
    assertThat(engine().inspectContainer(prefix + "-never-created")).isEmpty();
    assertThat(engine().inspectNetwork(prefix + "-never-created")).isEmpty();
    assertThat(engine().inspectVolume(prefix + "-never-created")).isEmpty();
  }

  @Test
  void operationsOnMissingContainersAreNotFound() {
    assertThatThrownBy(() -> engine().startContainer(prefix + "-missing"))
        .isInstanceOf(EngineException.NotFound.class);
    assertThatThrownBy(() -> engine().stopContainer(prefix + "-missing", Duration.ZERO))
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
    assertThat(engine().inspectContainer(prefix + "-badbind")).isEmpty();
  }

  @Test
  void namesThatAreNotEngineNamesAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> engine().inspectContainer("x/../" + prefix)).isInstanceOf(EngineException.Rejected.class);
    assertThatThrownBy(() -> engine().removeNetwork("x/../" + prefix)).isInstanceOf(EngineException.Rejected.class);
    assertThatThrownBy(() -> engine().createContainer(spec("bad name", "true").build()))
        .isInstanceOf(EngineException.Rejected.class);
  }

  @Test
  void aSecondContainerCannotTakeAHostPortARunningOneHolds() throws IOException {
    int hostPort = freePort();
    PortSpec port = new PortSpec("127.0.0.1", hostPort, 8080, "tcp");
    String first = engine().createContainer(spec("first", "sleep", "300").port(port).build());
    String second = engine().createContainer(spec("second", "sleep", "300").port(port).build());
    engine().startContainer(first);

    assertThatThrownBy(() -> engine().startContainer(second))
        .as("a transient failure: the port frees up when the other container stops")
        .isInstanceOf(EngineException.Unavailable.class)
        .hasMessageContaining("port is already allocated")
        .satisfies(e -> assertThat(((EngineException) e).standing()).as("the user must free the port")
            .contains(io.orch.core.engine.StandingFailure.Kind.HOST_PORT_TAKEN));
    ObservedContainer refused = engine().inspectContainer(second).orElseThrow();
    assertThat(refused.state()).isEqualTo(ObservedContainer.State.CREATED);
    assertThat(refused.error()).contains("port is already allocated");

    engine().stopContainer(first, Duration.ZERO);
    engine().startContainer(second);
    assertThat(engine().inspectContainer(second).orElseThrow().running()).isTrue();
  }

  // ------------------------------------------------------------------ images

  @Test
  void imageExistsOnlyForLocalImages() {
    assertThat(engine().imageExists(image())).isTrue();
    assertThat(engine().imageExists("orch-test/missing:" + prefix)).isFalse();
  }

  @Test
  void creatingFromAMissingImageIsNotFoundAndPullingAnUnknownImageIsRejected() {
    String missing = "orch-test/missing:" + prefix;
    ContainerSpec spec = new SpecBuilder(prefix + "-noimage", missing, List.of("true"), labels).build();

    assertThatThrownBy(() -> engine().createContainer(spec)).isInstanceOf(EngineException.NotFound.class);
    assertThatThrownBy(() -> engine().pullImage(missing)).isInstanceOf(EngineException.Rejected.class)
        .satisfies(e -> assertThat(((EngineException) e).standing())
            .contains(io.orch.core.engine.StandingFailure.Kind.IMAGE_UNAVAILABLE));
    assertThat(engine().imageExists(missing)).isFalse();
  }

  // ------------------------------------------------------------------ networks and volumes

  @Test
  void networksAndVolumesAreListedByLabelAndRemovedIdempotently() {
    String net = prefix + "_net";
    String vol = prefix + "_vol";
    String netId = engine().createNetwork(new NetworkCreate(net, "bridge", true, labels, null));
    engine().createVolume(new VolumeCreate(vol, "local", labels, null));

    assertThat(engine().listNetworks(labels)).extracting(ObservedNetwork::name).containsExactly(net);
    assertThat(engine().inspectNetwork(net)).map(ObservedNetwork::id).contains(netId);
    assertThat(engine().inspectNetwork(netId)).map(ObservedNetwork::name).contains(net);
    assertThat(engine().inspectNetwork(net).orElseThrow().labels()).containsEntry(TEST_LABEL, prefix);
    assertThat(engine().inspectNetwork(net).orElseThrow().driver()).isEqualTo("bridge");
    assertThat(engine().listVolumes(labels)).extracting(ObservedVolume::name).containsExactly(vol);
    assertThat(engine().inspectVolume(vol).orElseThrow().labels()).containsEntry(TEST_LABEL, prefix);
    assertThat(engine().inspectVolume(vol).orElseThrow().driver()).isEqualTo("local");

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

  @Test
  void aContainerOnAMissingNetworkIsCreatedButItsStartIsNotFound() {
    String front = prefix + "_front";
    engine().createNetwork(new NetworkCreate(front, "bridge", false, labels, null));
    String missing = prefix + "_missing";

    // Engine 20.10 resolves networks at start, not at create (nor at connect): the container exists, never runs,
    // and keeps the reason as its error, like any failed start.
    String id = engine().createContainer(spec("lost", "sleep", "300").network(front, "lost").network(missing).build());
    assertThatThrownBy(() -> engine().startContainer(id))
        .isInstanceOf(EngineException.NotFound.class)
        .hasMessageContaining(missing);

    ObservedContainer lost = engine().inspectContainer(id).orElseThrow();
    assertThat(lost.state()).isEqualTo(ObservedContainer.State.CREATED);
    assertThat(lost.exitCode()).as("never started").isNull();
    assertThat(lost.error()).contains(missing);
  }

  @Test
  void aNetworkInUseByARunningContainerCannotBeRemovedUntilItStops() {
    String net = prefix + "_busy";
    engine().createNetwork(new NetworkCreate(net, "bridge", false, labels, null));
    String id = engine().createContainer(spec("user", "sleep", "300").network(net, "user").build());
    engine().startContainer(id);

    assertThatThrownBy(() -> engine().removeNetwork(net)).isInstanceOf(EngineException.Rejected.class);
    assertThat(engine().inspectNetwork(net)).isPresent();

    engine().stopContainer(id, Duration.ZERO);
    engine().removeNetwork(net);
    assertThat(engine().inspectNetwork(net)).isEmpty();
  }

  @Test
  void aVolumeInUseIsAConflictAndAMissingNamedVolumeIsCreatedOnUse() {
    String used = prefix + "_used";
    String implicit = prefix + "_implicit";
    engine().createVolume(new VolumeCreate(used, null, labels, null));
    String id = engine().createContainer(spec("mounter", "true")
        .mount(new MountSpec(MountSpec.Type.VOLUME, used, "/data", false, null))
        .mount(new MountSpec(MountSpec.Type.VOLUME, implicit, "/more", false, null))
        .build());
    try {
      assertThat(engine().inspectVolume(implicit)).as("created by the engine, without labels")
          .hasValueSatisfying(v -> assertThat(v.labels()).doesNotContainKey(TEST_LABEL));
      assertThatThrownBy(() -> engine().createVolume(new VolumeCreate(implicit, null, labels, null)))
          .as("a create answered with an unlabelled namesake created nothing: not a success")
          .isInstanceOf(EngineException.Conflict.class);
      assertThat(engine().inspectVolume(implicit).orElseThrow().labels()).doesNotContainKey(TEST_LABEL);
      engine().createVolume(new VolumeCreate(used, null, labels, null)); // our own again: idempotent
      assertThatThrownBy(() -> engine().removeVolume(used)).as("even by a container that never ran")
          .isInstanceOf(EngineException.Conflict.class);

      engine().removeContainer(id);
      engine().removeVolume(used);
      assertThat(engine().inspectVolume(used)).isEmpty();
    } finally {
      engine().removeContainer(id);
      engine().removeVolume(implicit);
    }
  }

  // ------------------------------------------------------------------ events

  @Test
  void containerEventsCarryLabelsNameImageAndTheExitCode() throws IOException {
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    List<Throwable> ends = new CopyOnWriteArrayList<>();
    String id;
    try (Closeable watch = engine().watchEvents(events::add, ends::add)) {
      awaitLive(events);
      id = engine().createContainer(spec("dies", "sleep", "300").build());
      engine().startContainer(id);
      engine().stopContainer(id, Duration.ZERO);
      engine().removeContainer(id);

      await().atMost(WAIT).until(() -> findEvent(events, id, "destroy").isPresent());
    }
    List<EngineEvent> mine = events.stream().filter(e -> id.equals(e.id())).toList();
    assertThat(mine).extracting(EngineEvent::action)
        .containsSubsequence("create", "start", "kill", "die", "stop", "destroy");
    assertThat(mine).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo("container");
      assertThat(e.time()).isNotNull();
      assertThat(e.attributes()).containsEntry(TEST_LABEL, prefix).containsEntry("name", prefix + "-dies")
          .containsEntry("image", image());
    });
    EngineEvent die = findEvent(events, id, "die").orElseThrow();
    assertThat(die.attributes()).containsEntry("exitCode", "137");
    assertThat(ends).as("closing the watch is not an end of stream").isEmpty();
  }

  @Test
  void removingARunningContainerKillsItFirst() throws IOException {
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    String id;
    try (Closeable watch = engine().watchEvents(events::add, e -> { })) {
      awaitLive(events);
      id = engine().createContainer(spec("doomed", "sleep", "300").build());
      engine().startContainer(id);
      engine().removeContainer(id);

      await().atMost(WAIT).until(() -> findEvent(events, id, "destroy").isPresent());
    }
    assertThat(events.stream().filter(e -> id.equals(e.id())).map(EngineEvent::action))
        .containsSubsequence("start", "die", "destroy")
        .doesNotContain("stop");
    assertThat(findEvent(events, id, "die").orElseThrow().attributes()).containsEntry("exitCode", "137");
  }

  @Test
  void networkAndVolumeEventsNameTheirObject() throws IOException {
    List<EngineEvent> events = new CopyOnWriteArrayList<>();
    String net = prefix + "_evnet";
    String vol = prefix + "_evvol";
    String netId;
    try (Closeable watch = engine().watchEvents(events::add, e -> { })) {
      awaitLive(events);
      netId = engine().createNetwork(new NetworkCreate(net, "bridge", false, labels, null));
      engine().createVolume(new VolumeCreate(vol, null, labels, null));
      engine().removeNetwork(netId);
      engine().removeVolume(vol);

      await().atMost(WAIT)
          .until(() -> events.stream().anyMatch(e -> vol.equals(e.id()) && "destroy".equals(e.action())));
    }
    assertThat(events).filteredOn(e -> netId.equals(e.id())).extracting(EngineEvent::type, EngineEvent::action)
        .containsSubsequence(org.assertj.core.groups.Tuple.tuple("network", "create"),
            org.assertj.core.groups.Tuple.tuple("network", "destroy"));
    assertThat(events).filteredOn(e -> netId.equals(e.id())).allSatisfy(e ->
        assertThat(e.attributes()).containsEntry("name", net).containsEntry("type", "bridge"));
    assertThat(events).filteredOn(e -> vol.equals(e.id())).extracting(EngineEvent::type, EngineEvent::action)
        .containsSubsequence(org.assertj.core.groups.Tuple.tuple("volume", "create"),
            org.assertj.core.groups.Tuple.tuple("volume", "destroy"));
  }

  // ------------------------------------------------------------------ the engine itself

  @Test
  void infoReportsEngineAndApiVersion() {
    engine().ping();
    EngineInfo info = engine().info();

    assertThat(info.version()).isNotBlank();
    assertThat(info.apiVersion()).matches("\\d+\\.\\d+");
    assertThat(info.os()).isEqualTo("linux");
  }

  @Test
  void anEngineThatDoesNotAnswerIsUnavailable() {
    Engine gone = unreachableEngine();

    assertThatThrownBy(gone::ping).isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(() -> gone.listContainers(labels)).isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(() -> gone.inspectContainer(prefix + "-any")).isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(() -> gone.createContainer(spec("any", "true").build()))
        .isInstanceOf(EngineException.Unavailable.class);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The engine's event stream is subscribed asynchronously: events of calls made right after opening the watch may
   * be missed (seen in CI: a "create" missing). Throwaway containers are created and removed until one of their
   * events arrives, so the watch is live before the test's own calls.
   */
  private void awaitLive(List<EngineEvent> events) {
    List<String> probes = new CopyOnWriteArrayList<>();
    await("event stream live").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (probes.stream().anyMatch(p -> findEvent(events, p, "destroy").isPresent())) {
        return true;
      }
      String probe = engine().createContainer(spec("probe" + probes.size(), "true").build());
      engine().removeContainer(probe);
      probes.add(probe);
      return false;
    });
  }

  private static Optional<EngineEvent> findEvent(List<EngineEvent> events, String id, String action) {
    return events.stream().filter(e -> id.equals(e.id()) && action.equals(e.action())).findFirst();
  }

  private static List<EngineEvent> actions(List<EngineEvent> events, String id, String action) {
    return events.stream().filter(e -> id.equals(e.id()) && action.equals(e.action())).toList();
  }

  private ObservedContainer awaitExited(String id) {
    return await().atMost(WAIT)
        .until(() -> engine().inspectContainer(id).orElseThrow(),
            c -> c.state() == ObservedContainer.State.EXITED);
  }

  private ObservedContainer.Health health(String id) {
    return engine().inspectContainer(id).orElseThrow().health();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private SpecBuilder spec(String name, String... command) {
    return new SpecBuilder(prefix + "-" + name, image(), List.of(command), labels);
  }

  /** Test-only builder: ContainerSpec has many fields and each test sets a few. */
  public static final class SpecBuilder {
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

    public SpecBuilder(String name, String image, List<String> command, Map<String, String> labels) {
      this.name = name;
      this.image = image;
      this.command = command;
      this.labels = new HashMap<>(labels);
    }

    public SpecBuilder env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    public SpecBuilder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public SpecBuilder mount(MountSpec mount) {
      mounts.add(mount);
      return this;
    }

    public SpecBuilder port(PortSpec port) {
      ports.add(port);
      return this;
    }

    public SpecBuilder network(String network, String... aliases) {
      networks.add(new ContainerSpec.NetworkAttachment(network, List.of(aliases)));
      return this;
    }

    public SpecBuilder health(HealthCheck check) {
      health = check;
      return this;
    }

    public SpecBuilder memory(long bytes) {
      memory = bytes;
      return this;
    }

    public ContainerSpec build() {
      return new ContainerSpec(name, image, command, null, env, labels, null, null, null, ports, List.of(), mounts,
          null, networks, health, null, memory, null, List.of(), List.of(), false, null, false, null, null);
    }
  }
}
