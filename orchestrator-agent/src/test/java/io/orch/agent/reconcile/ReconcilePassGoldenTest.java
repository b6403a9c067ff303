package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.docker.EngineContractTest.SpecBuilder;
import io.orch.agent.testing.FakeEngine.Call;
import io.orch.agent.testing.FakeEngine.Op;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole reconcile passes, as golden text: the real informer, observer, planner, executor, restart book, status board
 * and stack reconciler against a {@link io.orch.agent.testing.FakeEngine} and a hand-moved clock (see
 * {@link PassHarness}). Each golden is the story of a scenario: the steps ({@code >}), then per pass the plan, the
 * outcome of each action as the reconciler folded it, how the pass ended, the published status and the events.
 * A mismatch writes the actual text to {@code target/golden/<test>.txt}.
 */
class ReconcilePassGoldenTest {
  @TempDir
  Path stateDir;

  private PassHarness h;
  private String testName;

  @BeforeEach
  void start(TestInfo info) {
    h = new PassHarness(stateDir);
    testName = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** One service that runs until it crashes; its backoff starts at 10 s so the due times read well. */
  private static final String CRASHY = """
      name: gold
      services:
        web:
          image: busybox
          command: ["sleep", "86400"]
          network_mode: none
          x-orch:
            backoff: {initial: 10s, max: 60s}
      """;

  @Test
  void aNewStackOfTwoReplicasConvergesInOnePass() {
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            deploy:
              replicas: 2
        """);
    h.pass("gold");
    h.pass("gold");

    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create network gold_default (missing)
            create gold-web-1 (scale up)
            create gold-web-2 (scale up)
          outcomes:
            DONE create network gold_default
            DONE create gold-web-1
            DONE create gold-web-2
          result: idle
          status web: running, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
          events:
            +0s network.created gold: created network gold_default
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
            +0s container.created gold-web-2: created (scale up)
            +0s container.started gold-web-2: created and started (scale up)
            +0s service.converged web: 2/2 replicas running
        pass gold at +0s
          plan: nothing
          result: idle
          status web: running, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
        """);
  }

  /**
   * What one crash costs: the inspect its die event needs, the start, and the executor's look at what it started. The
   * pass reuses its listing of networks, volumes and images (no event said they changed), observes nothing twice, and
   * neither the echo of its own start nor a timer wakes a pass that would plan nothing.
   */
  @Test
  void oneCrashCostsAnInspectAStartAndALookAtIt() {
    h.submit(CRASHY);
    h.pass("gold");
    h.advance(Duration.ofSeconds(60));
    h.countEngineCallsFromHere();
    h.crash("gold-web-1", 3);
    assertThat(h.takeWoken()).as("the die event wakes the stack").containsExactly("gold");
    PassResult restart = h.pass("gold");
    List<Op> calls = h.noteEngineCalls("one crash");

    assertThat(calls).as("engine calls per restart").hasSizeLessThanOrEqualTo(3)
        .containsExactly(Op.CONTAINER_INSPECT, Op.CONTAINER_START, Op.CONTAINER_INSPECT);
    assertThat(h.wokenDuringLastPass()).as("the echo of its own start wakes no pass").isEmpty();
    assertThat(restart.again()).as("no follow-up pass without work").isEmpty();
    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            DONE create gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
            +0s service.converged web: 1/1 replicas running
        > clock +1m
        > crash gold-web-1 (exit 3)
        pass gold at +1m
          plan:
            start gold-web-1 (exited 3, restart 1)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 1
            gold-web-1: running, restarts 1
          events:
            +1m container.exited gold-web-1 [exit]: exited with code 3
            +1m container.restarted gold-web-1 [exit]: restarted: exited 3, restart 1
            +1m service.converged web: 1/1 replicas running
        > engine calls for one crash: 3 (container.inspect, container.start, container.inspect)
        """);
  }

  @Test
  void aCrashLoopRestartsAtOnceThenBacksOff() {
    h.submit(CRASHY);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.crash("gold-web-1", 3);
    assertThat(h.takeWoken()).as("the die event wakes the stack").containsExactly("gold");
    h.pass("gold");
    h.advance(Duration.ofSeconds(2));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.pass("gold"); // the loop's look "again in" finds it still waiting: no second restarting event
    h.advance(Duration.ofSeconds(10));
    h.pass("gold");

    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            DONE create gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
            +0s service.converged web: 1/1 replicas running
        > clock +5s
        > crash gold-web-1 (exit 3)
        pass gold at +5s
          plan:
            start gold-web-1 (exited 3, restart 1)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 1
            gold-web-1: running, restarts 1
          events:
            +5s container.exited gold-web-1 [exit]: exited with code 3
            +5s container.restarted gold-web-1 [exit]: restarted: exited 3, restart 1
            +5s service.converged web: 1/1 replicas running
        > clock +7s
        > crash gold-web-1 (exit 3)
        pass gold at +7s
          plan: nothing
          result: again in 10s
          status web: backing_off, 0/1 running, restarts 1, backoff until +17s
            gold-web-1: exited 3, restarts 1, restart due +17s
            note: gold-web-1: exited 3, restart 2 in 10s
          events:
            +7s container.exited gold-web-1 [exit]: exited with code 3
            +7s container.restarting gold-web-1 [exit]: exited 3, restart 2 in 10s (backoff)
        pass gold at +7s
          plan: nothing
          result: again in 10s
          status web: backing_off, 0/1 running, restarts 1, backoff until +17s
            gold-web-1: exited 3, restarts 1, restart due +17s
            note: gold-web-1: exited 3, restart 2 in 10s
        > clock +17s
        pass gold at +17s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            DONE start gold-web-1
          result: again in 30s
          status web: converging, 1/1 running, restarts 2
            gold-web-1: running, restarts 2
            note: gold-web-1: restarted 2 time(s) in a row; counts as running once up for 30s
          events:
            +17s container.restarted gold-web-1 [exit]: restarted: exited 3, backoff elapsed
        """);
    assertThat(h.history("gold", "web", 1).total()).isEqualTo(2);
  }

  @Test
  void anEngineOutageDuringBackoffUsesUpNoAttempt() {
    backingOffAfterOneRestart();
    h.advance(Duration.ofSeconds(10));

    // 1. Down at the due time: the pass cannot even observe; the loop retries it with backoff.
    h.fake.down();
    h.note("engine down");
    assertThat(h.connected()).as("the event stream ended").isFalse();
    h.pass("gold");
    h.fake.up();
    h.connect();
    h.note("engine up; events watched again, containers listed again");

    // 2. The start itself gets no answer (a call past its deadline): outcome ENGINE_UNAVAILABLE.
    h.fake.failNext(Op.CONTAINER_START,
        new EngineException.Unavailable("container.start: no answer from the Docker Engine within 30s", null));
    h.note("the next start gets no answer");
    PassResult blip = h.pass("gold");
    assertThat(blip.retryWithBackoff()).isTrue();

    // 3. The engine goes down between the pass's observation and its start.
    AtomicBoolean downAfterObserving = new AtomicBoolean(true);
    h.fake.afterCall(call -> {
      if (call.op() == Op.VOLUME_LIST && downAfterObserving.getAndSet(false)) {
        h.fake.down();
      }
    });
    h.note("the engine goes down right after the pass lists volumes");
    h.pass("gold");
    h.fake.up();
    h.connect();
    h.note("engine up; events watched again, containers listed again");

    assertThat(h.history("gold", "web", 1).total()).as("no attempt used up by the outage").isEqualTo(1);
    h.pass("gold");

    golden("""
        > restarted once at +5s, crashed again at +7s: restart 2 due at +17s
        > clock +17s
        > engine down
        pass gold at +17s
          plan: none (the pass ended before planning)
          result: threw Unavailable: image.inspect: Cannot connect to the Docker daemon at unix:///fake/docker.sock. Is the docker daemon running?
          status web: backing_off, 0/1 running, restarts 1, backoff until +17s
            gold-web-1: exited 3, restarts 1, restart due +17s
            note: gold-web-1: exited 3, restart 2 in 10s
        > engine up; events watched again, containers listed again
        > the next start gets no answer
        pass gold at +17s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            ENGINE_UNAVAILABLE start gold-web-1: container.start: no answer from the Docker Engine within 30s
          result: retry with backoff
          status web: converging, 0/1 running, restarts 1
            gold-web-1: exited 3, restarts 1
            last error: cannot start gold-web-1 (exited 3, backoff elapsed): container.start: no answer from the Docker Engine within 30s (retrying)
        > the engine goes down right after the pass lists volumes
        pass gold at +17s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            ENGINE_UNAVAILABLE start gold-web-1: container.start: Cannot connect to the Docker daemon at unix:///fake/docker.sock. Is the docker daemon running?
          result: retry with backoff
          status web: converging, 0/1 running, restarts 1
            gold-web-1: exited 3, restarts 1
            last error: cannot start gold-web-1 (exited 3, backoff elapsed): container.start: Cannot connect to the Docker daemon at unix:///fake/docker.sock. Is the docker daemon running? (retrying)
        > engine up; events watched again, containers listed again
        pass gold at +17s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            DONE start gold-web-1
          result: again in 30s
          status web: converging, 1/1 running, restarts 2
            gold-web-1: running, restarts 2
            note: gold-web-1: restarted 2 time(s) in a row; counts as running once up for 30s
            last error: cannot start gold-web-1 (exited 3, backoff elapsed): container.start: Cannot connect to the Docker daemon at unix:///fake/docker.sock. Is the docker daemon running? (retrying)
          events:
            +17s container.restarted gold-web-1 [exit]: restarted: exited 3, backoff elapsed
        """);
    assertThat(h.history("gold", "web", 1).total()).as("the restart that happened counts once").isEqualTo(2);
    assertThat(h.history("gold", "web", 1).times()).hasSize(2);
  }

  @Test
  void aRefusedRestartCountsAsAnAttemptAndBacksOff() {
    h.submit(CRASHY);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.crash("gold-web-1", 3);
    h.fake.failNext(Op.CONTAINER_START, new EngineException.Rejected(
        "container.start: OCI runtime create failed: unable to start container process", null));
    h.note("the next start is refused");
    PassResult refused = h.pass("gold");
    assertThat(refused.retryWithBackoff()).isTrue();
    h.pass("gold"); // the loop's retry: now it waits out the backoff instead of trying again at once
    h.advance(Duration.ofSeconds(10));
    h.pass("gold");

    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            DONE create gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
            +0s service.converged web: 1/1 replicas running
        > clock +5s
        > crash gold-web-1 (exit 3)
        > the next start is refused
        pass gold at +5s
          plan:
            start gold-web-1 (exited 3, restart 1)
          outcomes:
            REJECTED start gold-web-1: container.start: OCI runtime create failed: unable to start container process
          result: retry with backoff
          status web: converging, 0/1 running, restarts 1
            gold-web-1: exited 3, restarts 1
            last error: cannot start gold-web-1 (exited 3, restart 1): container.start: OCI runtime create failed: unable to start container process
          events:
            +5s container.exited gold-web-1 [exit]: exited with code 3
            +5s container.failed gold-web-1: cannot start gold-web-1 (exited 3, restart 1): container.start: OCI runtime create failed: unable to start container process
        pass gold at +5s
          plan: nothing
          result: again in 10s
          status web: backing_off, 0/1 running, restarts 1, backoff until +15s
            gold-web-1: exited 3, restarts 1, restart due +15s
            note: gold-web-1: exited 3, restart 2 in 10s
            last error: cannot start gold-web-1 (exited 3, restart 1): container.start: OCI runtime create failed: unable to start container process
          events:
            +5s container.restarting gold-web-1 [exit]: exited 3, restart 2 in 10s (backoff)
        > clock +15s
        pass gold at +15s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            DONE start gold-web-1
          result: again in 30s
          status web: converging, 1/1 running, restarts 2
            gold-web-1: running, restarts 2
            note: gold-web-1: restarted 2 time(s) in a row; counts as running once up for 30s
            last error: cannot start gold-web-1 (exited 3, restart 1): container.start: OCI runtime create failed: unable to start container process
          events:
            +15s container.restarted gold-web-1 [exit]: restarted: exited 3, backoff elapsed
        """);
    assertThat(h.history("gold", "web", 1).total()).isEqualTo(2);
  }

  @Test
  void aForeignContainerHoldingTheNameIsAConflictAndLeftAlone() {
    String foreign = h.fake.createContainer(
        new SpecBuilder("gold-web-1", "busybox", List.of("sleep", "86400"), Map.of("owner", "someone")).build());
    h.fake.startContainer(foreign);
    h.note("a container named gold-web-1 that orch does not manage runs");
    h.fake.clearCalls();
    h.submit(CRASHY);
    PassResult first = h.pass("gold");
    PassResult second = h.pass("gold");

    golden("""
        > a container named gold-web-1 that orch does not manage runs
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            CONFLICT create gold-web-1: name clash: a container named gold-web-1 exists that orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f gold-web-1)
          result: retry with backoff
          status web: converging, 0/1 running, restarts 0
            last error: name clash: a container named gold-web-1 exists that orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f gold-web-1)
          events:
            +0s action.failed gold-web-1: name clash: a container named gold-web-1 exists that orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f gold-web-1)
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            CONFLICT create gold-web-1: name clash: a container named gold-web-1 exists that orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f gold-web-1)
          result: retry with backoff
          status web: converging, 0/1 running, restarts 0
            last error: name clash: a container named gold-web-1 exists that orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f gold-web-1)
          events:
            +0s action.failed gold-web-1: name clash: a container named gold-web-1 exists that orch does not manage (no io.orch.managed label); orch leaves it alone: remove or rename it (docker rm -f gold-web-1)
        """);
    assertThat(first.retryWithBackoff()).isTrue();
    assertThat(second.retryWithBackoff()).isTrue();
    ObservedContainer after = h.fake.inspectContainer(foreign).orElseThrow();
    assertThat(after.running()).isTrue();
    assertThat(after.labels()).containsEntry("owner", "someone").doesNotContainKey("io.orch.managed");
    List<Call> touching = h.fake.calls().stream()
        .filter(c -> c.op() == Op.CONTAINER_STOP || c.op() == Op.CONTAINER_REMOVE || c.op() == Op.CONTAINER_START)
        .toList();
    assertThat(touching).as("no stop, remove or start of anything").isEmpty();
  }

  @Test
  void maxAttemptsFailsTheServiceAndAnAgentRestartRemembersIt() {
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            network_mode: none
            deploy:
              restart_policy: {condition: on-failure, max_attempts: 2}
            x-orch:
              backoff: {initial: 10s}
        """);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.advance(Duration.ofSeconds(2));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.advance(Duration.ofSeconds(10));
    h.pass("gold");
    h.advance(Duration.ofSeconds(3));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.restartAgent();
    h.pass("gold");
    h.advance(Duration.ofMinutes(10));
    h.pass("gold");

    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            DONE create gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
            +0s service.converged web: 1/1 replicas running
        > clock +5s
        > crash gold-web-1 (exit 3)
        pass gold at +5s
          plan:
            start gold-web-1 (exited 3, restart 1)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 1
            gold-web-1: running, restarts 1
          events:
            +5s container.exited gold-web-1 [exit]: exited with code 3
            +5s container.restarted gold-web-1 [exit]: restarted: exited 3, restart 1
            +5s service.converged web: 1/1 replicas running
        > clock +7s
        > crash gold-web-1 (exit 3)
        pass gold at +7s
          plan: nothing
          result: again in 10s
          status web: backing_off, 0/1 running, restarts 1, backoff until +17s
            gold-web-1: exited 3, restarts 1, restart due +17s
            note: gold-web-1: exited 3, restart 2 in 10s
          events:
            +7s container.exited gold-web-1 [exit]: exited with code 3
            +7s container.restarting gold-web-1 [exit]: exited 3, restart 2 in 10s (backoff)
        > clock +17s
        pass gold at +17s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            DONE start gold-web-1
          result: again in 30s
          status web: converging, 1/1 running, restarts 2
            gold-web-1: running, restarts 2
            note: gold-web-1: restarted 2 time(s) in a row; counts as running once up for 30s
          events:
            +17s container.restarted gold-web-1 [exit]: restarted: exited 3, backoff elapsed
        > clock +20s
        > crash gold-web-1 (exit 3)
        pass gold at +20s
          plan: nothing
          result: idle
          status web: failed, 0/1 running, restarts 2
            gold-web-1: exited 3, restarts 2
            note: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
            last error: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
          events:
            +20s container.exited gold-web-1 [exit]: exited with code 3
            +20s service.failed web: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
        > agent restarted (same state dir)
        pass gold at +20s
          plan: nothing
          result: idle
          status web: failed, 0/1 running, restarts 2
            gold-web-1: exited 3, restarts 2
            note: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
            last error: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
        > clock +10m20s
        pass gold at +10m20s
          plan: nothing
          result: idle
          status web: failed, 0/1 running, restarts 2
            gold-web-1: exited 3, restarts 2
            note: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
            last error: gold-web-1: exited 3, gave up after 2 restarts (max_attempts 2)
        """);
    assertThat(h.history("gold", "web", 1).total()).isEqualTo(2);
  }

  @Test
  void anAgentRestartDuringBackoffKeepsWaitingItOut() {
    backingOffAfterOneRestart();
    h.restartAgent();
    h.pass("gold");
    h.advance(Duration.ofSeconds(10));
    h.pass("gold");

    golden("""
        > restarted once at +5s, crashed again at +7s: restart 2 due at +17s
        > agent restarted (same state dir)
        pass gold at +7s
          plan: nothing
          result: again in 10s
          status web: backing_off, 0/1 running, restarts 1, backoff until +17s
            gold-web-1: exited 3, restarts 1, restart due +17s
            note: gold-web-1: exited 3, restart 2 in 10s
          events:
            +7s container.restarting gold-web-1 [exit]: exited 3, restart 2 in 10s (backoff)
        > clock +17s
        pass gold at +17s
          plan:
            start gold-web-1 (exited 3, backoff elapsed)
          outcomes:
            DONE start gold-web-1
          result: again in 30s
          status web: converging, 1/1 running, restarts 2
            gold-web-1: running, restarts 2
            note: gold-web-1: restarted 2 time(s) in a row; counts as running once up for 30s
          events:
            +17s container.restarted gold-web-1 [exit]: restarted: exited 3, backoff elapsed
        """);
  }

  @Test
  void healthProbesAndARepeatedHealthyStatusWakeNothing() {
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            network_mode: none
            healthcheck:
              test: ["CMD", "true"]
              interval: 5s
        """);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.fake.tick();
    h.note("the first probe passes");
    assertThat(h.takeWoken()).as("health_status: healthy is a change the first time").containsExactly("gold");
    h.pass("gold");

    String id = h.fake.inspectContainer("gold-web-1").orElseThrow().id();
    int inspects = h.fake.calls(Op.CONTAINER_INSPECT).size();
    for (String action : List.of("exec_create: true ", "exec_start: true ", "exec_die", "health_status: healthy")) {
      h.note("engine event " + action.strip() + " -> "
          + h.informer.apply(event(id, action)).map(s -> "wakes " + s).orElse("no change"));
    }
    assertThat(h.fake.calls(Op.CONTAINER_INSPECT)).as("no inspect for a probe or a repeated status")
        .hasSize(inspects);
    h.fake.setHealth("gold-web-1", Health.UNHEALTHY);
    h.note("the check fails: engine event health_status: unhealthy -> wakes " + h.takeWoken());
    h.pass("gold");

    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            DONE create gold-web-1
          result: idle
          status web: converging, 1/1 running, 0 healthy, restarts 0
            gold-web-1: running, starting, restarts 0
          events:
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
        > clock +5s
        > the first probe passes
        pass gold at +5s
          plan: nothing
          result: idle
          status web: running, 1/1 running, 1 healthy, restarts 0
            gold-web-1: running, healthy, restarts 0
          events:
            +5s service.converged web: 1/1 replicas running, 1 healthy
        > engine event exec_create: true -> no change
        > engine event exec_start: true -> no change
        > engine event exec_die -> no change
        > engine event health_status: healthy -> no change
        > the check fails: engine event health_status: unhealthy -> wakes [gold]
        pass gold at +5s
          plan:
            stop gold-web-1 (unhealthy, restart 1)
            remove gold-web-1 (unhealthy, restart 1)
            create gold-web-1 (unhealthy, restart 1)
          outcomes:
            DONE stop gold-web-1
            DONE remove gold-web-1
            DONE create gold-web-1
          result: idle
          status web: converging, 1/1 running, 0 healthy, restarts 1
            gold-web-1: running, starting, restarts 1
          events:
            +5s container.unhealthy gold-web-1 [unhealthy]: health check failing
            +5s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +5s container.stopped gold-web-1: stopped (unhealthy, restart 1)
            +5s container.removed gold-web-1: removed (unhealthy, restart 1)
            +5s container.created gold-web-1: created (unhealthy, restart 1)
            +5s container.restarted gold-web-1 [unhealthy]: replaced: unhealthy, restart 1
        """);
  }

  /**
   * The crash loop of {@link #aCrashLoopRestartsAtOnceThenBacksOff} up to its backoff: restarted once at +5s, crashed
   * again at +7s, restart 2 due at +17s. The golden of the calling test starts after it.
   */
  private void backingOffAfterOneRestart() {
    h.submit(CRASHY);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.advance(Duration.ofSeconds(2));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    assertThat(h.status("gold").orElseThrow().services().get(0).backoffUntil())
        .isEqualTo(PassHarness.T0.plusSeconds(17));
    assertThat(h.history("gold", "web", 1).total()).isEqualTo(1);
    h.forgetTranscript();
    h.note("restarted once at +5s, crashed again at +7s: restart 2 due at +17s");
  }

  /** An event as the engine sends it for {@code id}: the container's labels, name and image. */
  private EngineEvent event(String id, String action) {
    Map<String, String> attributes = new HashMap<>(h.fake.spec(id).orElseThrow().labels());
    attributes.put("name", "gold-web-1");
    attributes.put("image", "busybox");
    return new EngineEvent("container", action, id, attributes, h.clock.instant());
  }

  private static final String ROLLING = """
      name: gold
      services:
        web:
          image: busybox
          command: COMMAND
          network_mode: none
          restart: "no"
          deploy:
            replicas: 2
            update_config: {monitor: 2s, failure_action: rollback}
      """;

  @Test
  void aFailedRolloutRollsBackOnceAndARestartedAgentDoesNotRollItOutAgain() {
    h.submit(ROLLING.replace("COMMAND", "[\"sleep\", \"86400\"]"));
    h.pass("gold");
    h.advance(Duration.ofSeconds(10));
    h.submit(ROLLING.replace("COMMAND", "[\"false\"]"));
    h.pass("gold");
    h.advance(Duration.ofSeconds(1));
    h.pass("gold");
    h.restartAgent();
    h.pass("gold");
    h.advance(Duration.ofSeconds(3));
    h.pass("gold"); // rollback_config's monitor (5s by default) is not over yet
    h.advance(Duration.ofSeconds(3));
    h.pass("gold");
    h.restartAgent();
    h.pass("gold");

    golden("""
        > submit gold
        pass gold at +0s
          plan:
            create gold-web-1 (scale up)
            create gold-web-2 (scale up)
          outcomes:
            DONE create gold-web-1
            DONE create gold-web-2
          result: idle
          status web: running, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
          events:
            +0s container.created gold-web-1: created (scale up)
            +0s container.started gold-web-1: created and started (scale up)
            +0s container.created gold-web-2: created (scale up)
            +0s container.started gold-web-2: created and started (scale up)
            +0s service.converged web: 2/2 replicas running
        > clock +10s
        > submit gold
        pass gold at +10s
          plan:
            stop gold-web-1 (spec changed)
            remove gold-web-1 (spec changed)
            create gold-web-1 (spec changed)
          outcomes:
            DONE stop gold-web-1
            DONE remove gold-web-1
            DONE create gold-web-1
          result: again in 0s
          status web: rolling_out, 1/2 running, restarts 0
            gold-web-1: exited 1, restarts 0
            gold-web-2: running, restarts 0
            note: spec changed: 2 of 2 replicas outdated
          events:
            +10s rollout.started web [update]: rolling out a changed spec: 2 replica(s)
            +10s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +10s container.stopped gold-web-1: stopped (spec changed)
            +10s container.removed gold-web-1: removed (spec changed)
            +10s container.exited gold-web-1 [exit]: exited with code 1
            +10s container.created gold-web-1: created (spec changed)
            +10s container.replaced gold-web-1: replaced and started (spec changed)
        > clock +11s
        pass gold at +11s
          plan: nothing
          result: again in 0s
          status web: rolling_out, 1/2 running, restarts 0
            gold-web-1: exited 1, restarts 0
            gold-web-2: running, restarts 0
            note: spec changed: 2 of 2 replicas outdated
          events:
            +11s service.rolling_back web [automatic]: rollout failed, rolling back to the previous spec (failure_action rollback): 1 of 2 replicas failed (max_failure_ratio 0): gold-web-1 exited with code 1
        > agent restarted (same state dir)
        pass gold at +11s
          plan:
            remove gold-web-1 (spec changed)
            create gold-web-1 (spec changed)
          outcomes:
            DONE remove gold-web-1
            DONE create gold-web-1
          result: again in 5s
          status web: rolling_out, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
            note: rollout rolling back: updated 1/2 (1 of 2 replicas failed (max_failure_ratio 0): gold-web-1 exited with code 1)
          events:
            +11s rollout.started web [rollback]: rolling back to the previous spec: 2 replica(s) (1 of 2 replicas failed (max_failure_ratio 0): gold-web-1 exited with code 1)
            +11s rollout.progress web: rolling back: updated 1/2
            +11s container.removed gold-web-1: removed (spec changed)
            +11s container.created gold-web-1: created (spec changed)
            +11s container.replaced gold-web-1: replaced and started (spec changed)
        > clock +14s
        pass gold at +14s
          plan: nothing
          result: again in 2s
          status web: rolling_out, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
            note: spec changed: 0 of 2 replicas outdated, waiting for replaced replicas to be ready
        > clock +17s
        pass gold at +17s
          plan: nothing
          result: idle
          status web: running, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
          events:
            +17s rollout.rolled_back web [rolled_back]: rolled back to the previous spec: 1 of 2 replicas failed (max_failure_ratio 0): gold-web-1 exited with code 1
            +17s service.converged web: 2/2 replicas running
        > agent restarted (same state dir)
        pass gold at +17s
          plan: nothing
          result: idle
          status web: running, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
        """);
  }

  private void golden(String expected) {
    String actual = h.transcript();
    if (!actual.equals(expected)) {
      try {
        Path out = Path.of("target", "golden", getClass().getSimpleName() + "." + testName + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, actual);
      } catch (IOException e) {
        // the assertion below still shows both texts
      }
    }
    assertThat(actual).isEqualTo(expected);
  }
}
