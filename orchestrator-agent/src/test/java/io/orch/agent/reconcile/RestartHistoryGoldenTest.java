package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.restart.RestartHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole passes (see {@link PassHarness}) about a replica's restart history: a stable, healthy run starts the backoff
 * over with or without a health check; a planned replacement starts its slot's history afresh; the history belongs
 * to the slot, whatever its container is named. A mismatch writes the actual text to {@code target/golden/}.
 */
class RestartHistoryGoldenTest {
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

  /** One health-checked replica; reset_after is the default 30s. */
  private static final String CHECKED = """
      name: gold
      services:
        web:
          image: busybox
          command: ["sleep", "86400"]
          network_mode: none
          healthcheck:
            test: ["CMD", "true"]
            interval: 5s
      """;

  @Test
  void aHealthCheckedReplicaKilledEvery45sRestartsAtOnceEachTime() {
    h.submit(CHECKED);
    h.pass("gold");
    for (int kill = 1; kill <= 4; kill++) {
      h.advance(Duration.ofSeconds(5));
      h.fake.tick();
      h.note("the check passes");
      h.pass("gold");
      h.advance(Duration.ofSeconds(40));
      h.fake.kill("gold-web-1");
      h.note("docker kill gold-web-1");
      h.pass("gold");
      RestartHistory history = h.history("gold", "web", 1);
      assertThat(history.total()).isEqualTo(kill);
      assertThat(history.sinceReset()).as("after kill %d: each run was stable and healthy", kill).isEqualTo(1);
    }
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
        > the check passes
        pass gold at +5s
          plan: nothing
          result: idle
          status web: running, 1/1 running, 1 healthy, restarts 0
            gold-web-1: running, healthy, restarts 0
          events:
            +5s service.converged web: 1/1 replicas running, 1 healthy
        > clock +45s
        > docker kill gold-web-1
        pass gold at +45s
          plan:
            start gold-web-1 (exited 137, restart 1)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: converging, 1/1 running, 0 healthy, restarts 1
            gold-web-1: running, starting, restarts 1
          events:
            +45s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +45s container.restarted gold-web-1 [exit]: restarted: exited 137, restart 1
        > clock +50s
        > the check passes
        pass gold at +50s
          plan: nothing
          result: idle
          status web: running, 1/1 running, 1 healthy, restarts 1
            gold-web-1: running, healthy, restarts 1
          events:
            +50s service.converged web: 1/1 replicas running, 1 healthy
        > clock +1m30s
        > docker kill gold-web-1
        pass gold at +1m30s
          plan:
            start gold-web-1 (exited 137, restart 2)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: converging, 1/1 running, 0 healthy, restarts 2
            gold-web-1: running, starting, restarts 2
          events:
            +1m30s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +1m30s container.restarted gold-web-1 [exit]: restarted: exited 137, restart 2
        > clock +1m35s
        > the check passes
        pass gold at +1m35s
          plan: nothing
          result: idle
          status web: running, 1/1 running, 1 healthy, restarts 2
            gold-web-1: running, healthy, restarts 2
          events:
            +1m35s service.converged web: 1/1 replicas running, 1 healthy
        > clock +2m15s
        > docker kill gold-web-1
        pass gold at +2m15s
          plan:
            start gold-web-1 (exited 137, restart 3)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: converging, 1/1 running, 0 healthy, restarts 3
            gold-web-1: running, starting, restarts 3
          events:
            +2m15s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +2m15s container.restarted gold-web-1 [exit]: restarted: exited 137, restart 3
        > clock +2m20s
        > the check passes
        pass gold at +2m20s
          plan: nothing
          result: idle
          status web: running, 1/1 running, 1 healthy, restarts 3
            gold-web-1: running, healthy, restarts 3
          events:
            +2m20s service.converged web: 1/1 replicas running, 1 healthy
        > clock +3m
        > docker kill gold-web-1
        pass gold at +3m
          plan:
            start gold-web-1 (exited 137, restart 4)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: converging, 1/1 running, 0 healthy, restarts 4
            gold-web-1: running, starting, restarts 4
          events:
            +3m container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +3m container.restarted gold-web-1 [exit]: restarted: exited 137, restart 4
        """);
  }

  /** One replica that runs until it crashes; its backoff starts at 10s so the due times read well. */
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
  void aRolloutStartsTheSlotsHistoryAfresh() {
    h.submit(CRASHY);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.advance(Duration.ofSeconds(2));
    h.crash("gold-web-1", 3);
    h.pass("gold");
    h.advance(Duration.ofSeconds(10));
    h.pass("gold");
    h.advance(Duration.ofSeconds(45));
    h.pass("gold");
    assertThat(h.history("gold", "web", 1).sinceReset()).isEqualTo(2);
    h.forgetTranscript();
    h.note("restarted twice in a row (at +5s and +17s), then stable until +1m2s");
    h.submit(CRASHY.replace("86400", "86401"));
    h.pass("gold");
    assertThat(h.history("gold", "web", 1)).as("a new history for the new replica").isEqualTo(RestartHistory.NONE);
    h.advance(Duration.ofSeconds(5));
    h.pass("gold");
    h.crash("gold-web-1", 3);
    h.pass("gold");
    golden("""
        > restarted twice in a row (at +5s and +17s), then stable until +1m2s
        > submit gold
        pass gold at +1m2s
          plan:
            stop gold-web-1 (spec changed)
            remove gold-web-1 (spec changed)
            create gold-web-1 (spec changed)
          outcomes:
            DONE stop gold-web-1
            DONE remove gold-web-1
            DONE create gold-web-1
          result: again in 5s
          status web: rolling_out, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
            note: spec changed: 1 of 1 replicas outdated
          events:
            +1m2s rollout.started web [update]: rolling out a changed spec: 1 replica(s)
            +1m2s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +1m2s container.stopped gold-web-1: stopped (spec changed)
            +1m2s container.removed gold-web-1: removed (spec changed)
            +1m2s container.created gold-web-1: created (spec changed)
            +1m2s container.replaced gold-web-1: replaced and started (spec changed)
        > clock +1m7s
        pass gold at +1m7s
          plan: nothing
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +1m7s rollout.completed web [completed]: rollout completed: updated 1/1
            +1m7s service.converged web: 1/1 replicas running
        > crash gold-web-1 (exit 3)
        pass gold at +1m7s
          plan:
            start gold-web-1 (exited 3, restart 1)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 1
            gold-web-1: running, restarts 1
          events:
            +1m7s container.exited gold-web-1 [exit]: exited with code 3
            +1m7s container.restarted gold-web-1 [exit]: restarted: exited 3, restart 1
            +1m7s service.converged web: 1/1 replicas running
        """);
  }

  @Test
  void aStartFirstReplacementsRestartsBelongToItsSlot() {
    String startFirst = """
        name: gold
        services:
          web:
            image: busybox
            command: COMMAND
            network_mode: none
            deploy:
              restart_policy: {condition: any, max_attempts: 1}
              update_config: {order: start-first, monitor: 2s}
        """;
    h.submit(startFirst.replace("COMMAND", "[\"sleep\", \"86400\"]"));
    h.pass("gold");
    h.advance(Duration.ofSeconds(10));
    h.submit(startFirst.replace("COMMAND", "[\"sleep\", \"86401\"]"));
    h.pass("gold");
    h.advance(Duration.ofSeconds(3));
    h.pass("gold");
    String replacement = h.status("gold").orElseThrow().services().get(0).containers().get(0).name();
    assertThat(replacement).matches("gold-web-1-[0-9a-f]{8}");
    h.forgetTranscript();
    h.note("a start-first rollout replaced gold-web-1 by gold-web-1-<hash8> at +13s");
    h.crash(replacement, 3);
    h.pass("gold");
    h.advance(Duration.ofSeconds(1));
    h.crash(replacement, 3);
    h.pass("gold");
    assertThat(h.history("gold", "web", 1).total()).isEqualTo(1);
    h.reconciler.resetRestarts("gold", "web");
    h.note("the user asks for a fresh history of web (as POST .../restart of a failed service does)");
    h.pass("gold");
    golden("""
        > a start-first rollout replaced gold-web-1 by gold-web-1-<hash8> at +13s
        > crash gold-web-1-eec971fa (exit 3)
        pass gold at +13s
          plan:
            start gold-web-1-eec971fa (exited 3, restart 1)
          outcomes:
            DONE start gold-web-1-eec971fa
          result: idle
          status web: running, 1/1 running, restarts 1
            gold-web-1-eec971fa: running, restarts 1
          events:
            +13s container.exited gold-web-1-eec971fa [exit]: exited with code 3
            +13s container.restarted gold-web-1-eec971fa [exit]: restarted: exited 3, restart 1
            +13s service.converged web: 1/1 replicas running
        > clock +14s
        > crash gold-web-1-eec971fa (exit 3)
        pass gold at +14s
          plan: nothing
          result: idle
          status web: failed, 0/1 running, restarts 1
            gold-web-1-eec971fa: exited 3, restarts 1
            note: gold-web-1-eec971fa: exited 3, gave up after 1 restarts (max_attempts 1)
            last error: gold-web-1-eec971fa: exited 3, gave up after 1 restarts (max_attempts 1)
          events:
            +14s container.exited gold-web-1-eec971fa [exit]: exited with code 3
            +14s service.failed web: gold-web-1-eec971fa: exited 3, gave up after 1 restarts (max_attempts 1)
        > the user asks for a fresh history of web (as POST .../restart of a failed service does)
        pass gold at +14s
          plan:
            start gold-web-1-eec971fa (exited 3, restart 1)
          outcomes:
            DONE start gold-web-1-eec971fa
          result: idle
          status web: running, 1/1 running, restarts 1
            gold-web-1-eec971fa: running, restarts 1
          events:
            +14s container.restarted gold-web-1-eec971fa [exit]: restarted: exited 3, restart 1
            +14s service.converged web: 1/1 replicas running
        """);
  }

  @Test
  void aSlotScaledAwayForgetsItsHistory() {
    h.submit(CRASHY.replace("network_mode: none", "network_mode: none\n    deploy: {replicas: 2}"));
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.crash("gold-web-2", 3);
    h.pass("gold");
    assertThat(h.history("gold", "web", 2).total()).isEqualTo(1);
    h.submit(CRASHY.replace("network_mode: none", "network_mode: none\n    deploy: {replicas: 1}"));
    h.pass("gold");
    assertThat(h.history("gold", "web", 2)).isEqualTo(RestartHistory.NONE);
    h.submit(CRASHY.replace("network_mode: none", "network_mode: none\n    deploy: {replicas: 2}"));
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
        > clock +5s
        > crash gold-web-2 (exit 3)
        pass gold at +5s
          plan:
            start gold-web-2 (exited 3, restart 1)
          outcomes:
            DONE start gold-web-2
          result: idle
          status web: running, 2/2 running, restarts 1
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 1
          events:
            +5s container.exited gold-web-2 [exit]: exited with code 3
            +5s container.restarted gold-web-2 [exit]: restarted: exited 3, restart 1
            +5s service.converged web: 2/2 replicas running
        > submit gold
        pass gold at +5s
          plan:
            stop gold-web-2 (scale down)
            remove gold-web-2 (scale down)
          outcomes:
            DONE stop gold-web-2
            DONE remove gold-web-2
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +5s container.exited gold-web-2 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +5s container.stopped gold-web-2: stopped (scale down)
            +5s container.removed gold-web-2: removed (scale down)
            +5s service.converged web: 1/1 replicas running
        > submit gold
        pass gold at +5s
          plan:
            create gold-web-2 (scale up)
          outcomes:
            DONE create gold-web-2
          result: idle
          status web: running, 2/2 running, restarts 0
            gold-web-1: running, restarts 0
            gold-web-2: running, restarts 0
          events:
            +5s container.created gold-web-2: created (scale up)
            +5s container.started gold-web-2: created and started (scale up)
            +5s service.converged web: 2/2 replicas running
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
