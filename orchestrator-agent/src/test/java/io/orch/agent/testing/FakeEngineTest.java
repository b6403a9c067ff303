package io.orch.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orch.agent.docker.EngineContractTest.SpecBuilder;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's own hooks and model, beyond the engine contract it shares with DockerEngine. */
class FakeEngineTest {
  private static final String IMAGE = "busybox:1.36";
  private static final Map<String, String> LABELS = Map.of("io.orch.managed", "true", "io.orch.stack", "demo");

  private final MutableClock clock = new MutableClock();
  private final FakeEngine fake = new FakeEngine(clock).addImage(IMAGE);
  private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
  private final List<Throwable> ends = new CopyOnWriteArrayList<>();
  private final Closeable watch = fake.watchEvents(events::add, ends::add);
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static SpecBuilder spec(String name, String... command) {
    return new SpecBuilder(name, IMAGE, List.of(command), LABELS);
  }

  private String run(ContainerSpec spec) {
    String id = fake.createContainer(spec);
    fake.startContainer(id);
    return id;
  }

  private ObservedContainer inspect(String idOrName) {
    return fake.inspectContainer(idOrName).orElseThrow();
  }

  private List<String> actions(String id) {
    return events.stream().filter(e -> id.equals(e.id())).map(EngineEvent::action).toList();
  }

  // ------------------------------------------------------------------ the model

  @Test
  void commandsMapToTheDocumentedBehaviour() {
    assertThat(FakeProgram.of(List.of("sleep", "300"), false).kind()).isEqualTo(FakeProgram.Kind.RUNS_UNTIL_STOPPED);
    assertThat(FakeProgram.of(List.of(), false).kind()).as("the image's own command: a server")
        .isEqualTo(FakeProgram.Kind.RUNS_UNTIL_STOPPED);
    assertThat(FakeProgram.of(List.of("sh", "-c", "exit 3"), false)).extracting(FakeProgram::kind,
        FakeProgram::exitCode).containsExactly(FakeProgram.Kind.EXITS, 3);
    assertThat(FakeProgram.of(List.of("/bin/sh", "-c", "echo starting; exit 42"), false).exitCode()).isEqualTo(42);
    assertThat(FakeProgram.of(List.of("false"), false).exitCode()).isEqualTo(1);
    assertThat(FakeProgram.of(List.of("sh", "-c", "while true; do exit 3; done"), false).kind())
        .as("a loop runs").isEqualTo(FakeProgram.Kind.RUNS_UNTIL_STOPPED);
    assertThat(FakeProgram.of(List.of("sh", "-c", "trap 'exit 5' TERM; while true; do sleep 1; done"), false)
        .exitOnStop(15)).isEqualTo(5);
    assertThat(FakeProgram.of(List.of("sh", "-c", "trap 'exit 5' TERM; while true; do sleep 1; done"), false)
        .exitOnStop(2)).as("SIGINT is not trapped").isEqualTo(137);
    assertThat(FakeProgram.of(List.of("tail", "/dev/zero"), true).kind()).isEqualTo(FakeProgram.Kind.OOM);
    assertThat(FakeProgram.of(List.of("tail", "/dev/zero"), false).kind())
        .isEqualTo(FakeProgram.Kind.RUNS_UNTIL_STOPPED);
  }

  @Test
  void timesComeFromTheClockAndIdsAreTheSameInEveryRun() {
    Instant t0 = clock.instant();
    String id = run(spec("web-1", "sleep", "300").build());
    clock.advance(Duration.ofSeconds(7));
    fake.stopContainer(id, Duration.ofSeconds(10));

    ObservedContainer stopped = inspect(id);
    assertThat(stopped.startedAt()).isEqualTo(t0);
    assertThat(stopped.finishedAt()).isEqualTo(t0.plusSeconds(7));
    assertThat(events).filteredOn(e -> "die".equals(e.action())).extracting(EngineEvent::time)
        .containsExactly(t0.plusSeconds(7));

    FakeEngine other = new FakeEngine(clock).addImage(IMAGE);
    assertThat(other.createContainer(spec("web-1", "sleep", "300").build())).isEqualTo(id);
  }

  @Test
  void crashKillAndOomEndARunningContainerAsTheEngineReportsThem() {
    String crashed = run(spec("app-a", "sleep", "300").build());
    String killed = run(spec("app-b", "sleep", "300").build());
    String oom = run(spec("app-c", "sleep", "300").build());

    fake.crash("app-a", 2);
    fake.kill("app-b");
    fake.oomKill("app-c");

    assertThat(inspect(crashed)).extracting(ObservedContainer::state, ObservedContainer::exitCode)
        .containsExactly(State.EXITED, 2);
    assertThat(actions(crashed)).containsExactly("create", "start", "die");
    assertThat(actions(killed)).containsExactly("create", "start", "kill", "die");
    assertThat(inspect(killed).exitCode()).isEqualTo(137);
    assertThat(actions(oom)).containsExactly("create", "start", "oom", "die");
    assertThat(inspect(oom).oomKilled()).isTrue();
    assertThat(events).filteredOn(e -> e.id().equals(crashed) && e.action().equals("die"))
        .singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("exitCode", "2")
            .containsEntry("name", "app-a").containsEntry("image", IMAGE).containsAllEntriesOf(LABELS));
    assertThatThrownBy(() -> fake.crash("app-a", 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> fake.crash("nobody", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void knownHealthChecksSettleOnTheClock() {
    HealthCheck passing = new HealthCheck(List.of("CMD-SHELL", "exit 0"), Duration.ofSeconds(10), null, null,
        null, null);
    HealthCheck failing = new HealthCheck(List.of("CMD", "false"), Duration.ofSeconds(10), null, 3,
        Duration.ofSeconds(15), null);
    String good = run(spec("good", "sleep", "300").health(passing).build());
    String bad = run(spec("bad", "sleep", "300").health(failing).build());

    clock.advance(Duration.ofSeconds(9));
    assertThat(inspect(good).health()).isEqualTo(Health.STARTING);
    clock.advance(Duration.ofSeconds(1));
    fake.tick();
    assertThat(actions(good)).endsWith("health_status: healthy");
    assertThat(inspect(good).health()).isEqualTo(Health.HEALTHY);

    // probes at 10s (inside the 15s start period: not counted), 20s, 30s, 40s: the third counted failure
    clock.advance(Duration.ofSeconds(29));
    assertThat(inspect(bad).health()).isEqualTo(Health.STARTING);
    clock.advance(Duration.ofSeconds(1));
    fake.tick();
    assertThat(actions(bad)).containsExactly("create", "start", "health_status: unhealthy");
    assertThat(events).filteredOn(e -> e.id().equals(bad) && e.action().startsWith("health"))
        .extracting(EngineEvent::time).containsExactly(clock.instant());
  }

  @Test
  void unknownHealthChecksWaitForTheTestAndStartOverOnRestart() {
    HealthCheck wget = new HealthCheck(List.of("CMD", "wget", "-q", "http://localhost/"), Duration.ofSeconds(1),
        null, 1, null, null);
    String id = run(spec("web", "sleep", "300").health(wget).build());
    clock.advance(Duration.ofHours(1));
    assertThat(inspect(id).health()).isEqualTo(Health.STARTING);

    fake.setHealth("web", Health.HEALTHY);
    fake.setHealth("web", Health.HEALTHY);
    fake.setHealth(id, Health.UNHEALTHY);

    assertThat(actions(id)).containsExactly("create", "start", "health_status: healthy", "health_status: unhealthy");
    fake.stopContainer(id, Duration.ZERO);
    fake.startContainer(id);
    assertThat(inspect(id).health()).isEqualTo(Health.STARTING);
    assertThatThrownBy(() -> fake.setHealth("web", Health.STARTING)).isInstanceOf(IllegalArgumentException.class);
    String plain = run(spec("plain", "sleep", "300").build());
    assertThatThrownBy(() -> fake.setHealth(plain, Health.HEALTHY)).isInstanceOf(IllegalStateException.class);
  }

  // ------------------------------------------------------------------ down, injected failures, call log

  @Test
  void aDownEngineRefusesEveryCallAndEndsItsEventStreamsUntilItIsUp() {
    String id = run(spec("web", "sleep", "300").build());

    fake.down();

    assertThat(ends).singleElement().isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(fake::ping).isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(() -> fake.inspectContainer(id)).isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(() -> fake.watchEvents(e -> { }, e -> { })).isInstanceOf(EngineException.Unavailable.class);
    assertThatThrownBy(() -> fake.stopContainer(id, Duration.ZERO)).isInstanceOf(EngineException.Unavailable.class);
    fake.crash(id, 1); // the process can still die while nobody listens
    int delivered = events.size();

    fake.up();
    fake.ping();
    assertThat(inspect(id).exitCode()).isEqualTo(1);
    assertThat(events).as("the ended stream gets nothing more").hasSize(delivered);
    assertThat(ends).hasSize(1);
  }

  @Test
  void anInjectedFailureHitsTheNextCallOfItsOperationOnly() {
    String id = fake.createContainer(spec("web", "sleep", "300").build());
    fake.failNext(FakeEngine.Op.CONTAINER_START, new EngineException.Unavailable("containerd hiccup", null));

    assertThatThrownBy(() -> fake.startContainer(id)).hasMessage("containerd hiccup");
    assertThat(inspect(id).state()).isEqualTo(State.CREATED);
    fake.startContainer(id);
    assertThat(inspect(id).state()).isEqualTo(State.RUNNING);
    assertThat(fake.calls(FakeEngine.Op.CONTAINER_START)).hasSize(2);
  }

  @Test
  void theCallLogRecordsInterfaceCallsNotHooksAndListDoesNotInspect() {
    String id = run(spec("web", "sleep", "300").build());
    fake.crash(id, 1);
    fake.clearCalls();

    fake.listContainers(LABELS);
    fake.listNetworks(Map.of());

    assertThat(fake.calls()).containsExactly(new FakeEngine.Call(FakeEngine.Op.CONTAINER_LIST, null),
        new FakeEngine.Call(FakeEngine.Op.NETWORK_LIST, null));
    assertThat(fake.calls(FakeEngine.Op.CONTAINER_INSPECT)).isEmpty();
    assertThat(FakeEngine.Op.CONTAINER_LIST.operation()).isEqualTo("container.list");
  }

  @Test
  void afterCallListenersSeeEachSuccessfulCallOnTheCallersThread() {
    List<String> created = new ArrayList<>();
    fake.afterCall(call -> {
      if (call.op() == FakeEngine.Op.CONTAINER_CREATE) {
        created.add(call.target());
      }
    });

    fake.createContainer(spec("app-a", "sleep", "300").build());
    assertThatThrownBy(() -> fake.createContainer(spec("app-a", "sleep", "300").build()))
        .isInstanceOf(EngineException.Conflict.class);

    assertThat(created).containsExactly("app-a");
  }

  // ------------------------------------------------------------------ images, volumes, logs, spec

  @Test
  void onlyRegistryImagesCanBePulledAndReferencesAreNormalized() {
    fake.addRegistryImage("nginx:1.25");

    assertThatThrownBy(() -> fake.pullImage("nginx:1.26")).isInstanceOf(EngineException.Rejected.class);
    assertThat(fake.imageExists("nginx:1.25")).isFalse();
    fake.pullImage("docker.io/library/nginx:1.25");
    assertThat(fake.imageExists("nginx:1.25")).isTrue();

    fake.addImage("redis");
    assertThat(fake.imageExists("redis:latest")).isTrue();
    assertThat(fake.imageExists("docker.io/library/redis")).isTrue();
    fake.removeImage("redis:latest");
    assertThat(fake.imageExists("redis")).isFalse();
  }

  @Test
  void anAnonymousVolumeGoesWithItsContainer() {
    String id = fake.createContainer(spec("db", "sleep", "300")
        .mount(new MountSpec(MountSpec.Type.VOLUME, null, "/var/lib/db", false, null)).build());
    assertThat(fake.listVolumes(Map.of())).hasSize(1);

    fake.removeContainer(id);

    assertThat(fake.listVolumes(Map.of())).isEmpty();
  }

  @Test
  void theSpecAndLogsOfAContainerAreThereForAssertions() {
    String id = run(spec("web", "sleep", "300").env(Map.of("MODE", "prod")).build());
    assertThat(fake.spec("web")).hasValueSatisfying(s -> assertThat(s.environment()).containsEntry("MODE", "prod"));

    fake.log(id, false, "one");
    fake.log(id, true, "two");
    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> endedWith = new CopyOnWriteArrayList<>();
    LogSink sink = new LogSink() {
      @Override
      public void line(LogLine line) {
        lines.add((line.stderr() ? "err:" : "out:") + line.text());
      }

      @Override
      public void end(Throwable error) {
        endedWith.add(String.valueOf(error));
      }
    };
    fake.logs(id, true, 1, sink);
    fake.log(id, false, "three");
    fake.stopContainer(id, Duration.ZERO);
    fake.log(id, false, "after");

    assertThat(lines).containsExactly("err:two", "out:three");
    assertThat(endedWith).containsExactly("null");
  }

  // ------------------------------------------------------------------ threads

  @Test
  void concurrentCallsKeepTheStateAndTheEventOrderConsistent() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    AtomicInteger conflicts = new AtomicInteger();
    Map<String, String> twins = new ConcurrentHashMap<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      work.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < 25; i++) {
          String id = fake.createContainer(spec("t" + thread + "-" + i, "sleep", "300").build());
          fake.startContainer(id);
          fake.stopContainer(id, Duration.ZERO);
        }
        try {
          twins.put("twin", fake.createContainer(spec("twin", "sleep", "300").build()));
        } catch (EngineException.Conflict e) {
          conflicts.incrementAndGet();
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : work) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertThat(fake.listContainers(LABELS)).hasSize(8 * 25 + 1);
    assertThat(conflicts).hasValue(7);
    for (ObservedContainer c : fake.listContainers(LABELS)) {
      if (!c.name().equals("twin")) {
        assertThat(actions(c.id())).as(c.name()).containsExactly("create", "start", "kill", "kill", "die", "stop");
      }
    }
  }

  @Test
  void aSinkMayCallBackIntoTheEngine() {
    List<State> seen = new CopyOnWriteArrayList<>();
    fake.watchEvents(e -> {
      if ("container".equals(e.type()) && "die".equals(e.action())) {
        seen.add(fake.inspectContainer(e.id()).orElseThrow().state());
      }
    }, e -> { });

    run(spec("once", "sh", "-c", "exit 0").build());

    assertThat(seen).containsExactly(State.EXITED);
  }
}
