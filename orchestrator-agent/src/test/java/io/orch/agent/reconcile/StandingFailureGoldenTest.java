package io.orch.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.docker.EngineContractTest.SpecBuilder;
import io.orch.core.model.PortSpec;
import java.util.List;
import java.util.Map;
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
 * Whole passes (see {@link PassHarness}) with a failure that will not fix itself: the service shows failed with the
 * cause (what `orch up` stops on), orch keeps retrying, and fixing the cause converges it without a new submission.
 * A mismatch writes the actual text to {@code target/golden/}.
 */
class StandingFailureGoldenTest {
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

  @Test
  void anImageThatCannotBePulledFailsTheServiceUntilItCanBe() {
    h.submit("""
        name: gold
        services:
          web:
            image: orch-test/nosuch:1
            command: ["sleep", "86400"]
            network_mode: none
        """);
    h.pass("gold");
    h.pass("gold"); // the loop's retry within the pull's backoff: no pull, still failed
    h.fake.addRegistryImage("orch-test/nosuch:1");
    h.note("the image is pushed to the registry");
    h.advance(Duration.ofSeconds(10));
    h.pass("gold");
    golden("""
        > submit gold
        pass gold at +0s
          plan:
            pull orch-test/nosuch:1 for web (image missing)
            create gold-web-1 (scale up)
          outcomes:
            REJECTED pull orch-test/nosuch:1 for web: image.pull: pull access denied for orch-test/nosuch:1, repository does not exist or may require 'docker login'; retrying in 5s (build or load the image locally, or fix the image name)
          result: retry with backoff
          status web: failed, 0/1 running, restarts 0
            last error: cannot pull image orch-test/nosuch:1: image.pull: pull access denied for orch-test/nosuch:1, repository does not exist or may require 'docker login'; retrying in 5s (build or load the image locally, or fix the image name)
          events:
            +0s image.pull_failed web: cannot pull image orch-test/nosuch:1: image.pull: pull access denied for orch-test/nosuch:1, repository does not exist or may require 'docker login'; retrying in 5s (build or load the image locally, or fix the image name)
            +0s service.failed web: cannot pull image orch-test/nosuch:1: image.pull: pull access denied for orch-test/nosuch:1, repository does not exist or may require 'docker login'; retrying in 5s (build or load the image locally, or fix the image name)
        pass gold at +0s
          plan:
            pull orch-test/nosuch:1 for web (image missing)
            create gold-web-1 (scale up)
          result: again in 5s
          status web: failed, 0/1 running, restarts 0
            last error: cannot pull image orch-test/nosuch:1: image.pull: pull access denied for orch-test/nosuch:1, repository does not exist or may require 'docker login'; retrying in 5s (build or load the image locally, or fix the image name)
        > the image is pushed to the registry
        > clock +10s
        pass gold at +10s
          plan:
            pull orch-test/nosuch:1 for web (image missing)
            create gold-web-1 (scale up)
          outcomes:
            DONE pull orch-test/nosuch:1 for web
            DONE create gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +10s image.pulled web: pulled orch-test/nosuch:1
            +10s container.created gold-web-1: created (scale up)
            +10s container.started gold-web-1: created and started (scale up)
            +10s service.converged web: 1/1 replicas running
        """);
  }

  @Test
  void aHostPortHeldByAnotherContainerFailsTheServiceUntilFreed() {
    String squatter = h.fake.createContainer(new SpecBuilder("squatter", "busybox", List.of("sleep", "86400"),
        Map.of()).port(new PortSpec("127.0.0.1", 8080, 80, "tcp")).build());
    h.fake.startContainer(squatter);
    h.note("a container that orch does not manage publishes 127.0.0.1:8080");
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            ports: ["127.0.0.1:8080:80"]
        """);
    h.pass("gold");
    h.fake.stopContainer(squatter, Duration.ZERO);
    h.note("the squatter stops");
    h.advance(Duration.ofSeconds(1));
    h.pass("gold");
    golden("""
        > a container that orch does not manage publishes 127.0.0.1:8080
        > submit gold
        pass gold at +0s
          plan:
            create network gold_default (missing)
            create gold-web-1 (scale up)
          outcomes:
            DONE create network gold_default
            ENGINE_UNAVAILABLE create gold-web-1: container.start: driver failed programming external connectivity on endpoint gold-web-1 (156f04162f208c41d461f7417438e2faeec064fb9cbb8139d17b7b788a6c5b2c): Bind for 127.0.0.1:8080 failed: port is already allocated
          result: retry with backoff
          status web: failed, 0/1 running, restarts 0
            gold-web-1: created, restarts 0
            last error: cannot create gold-web-1 (scale up): container.start: driver failed programming external connectivity on endpoint gold-web-1 (156f04162f208c41d461f7417438e2faeec064fb9cbb8139d17b7b788a6c5b2c): Bind for 127.0.0.1:8080 failed: port is already allocated; another program or container holds the host port: stop it, or publish another port (orch retries until it is free)
          events:
            +0s network.created gold: created network gold_default
            +0s service.failed web: cannot create gold-web-1 (scale up): container.start: driver failed programming external connectivity on endpoint gold-web-1 (156f04162f208c41d461f7417438e2faeec064fb9cbb8139d17b7b788a6c5b2c): Bind for 127.0.0.1:8080 failed: port is already allocated; another program or container holds the host port: stop it, or publish another port (orch retries until it is free)
        > the squatter stops
        > clock +1s
        pass gold at +1s
          plan:
            start gold-web-1 (created, not started)
          outcomes:
            DONE start gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +1s container.started gold-web-1: started (created, not started)
            +1s service.converged web: 1/1 replicas running
        """);
  }

  @Test
  void aHealthCheckWhoseCommandIsNotInTheImageFailsTheServiceWithTheProbeOutput() {
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            network_mode: none
            healthcheck:
              test: ["CMD-SHELL", "curl -f localhost"]
              interval: 5s
        """);
    h.pass("gold");
    h.advance(Duration.ofSeconds(15));
    h.fake.tick();
    h.note("three probes failed: curl is not in the image");
    h.pass("gold");
    h.advance(Duration.ofSeconds(1));
    h.pass("gold"); // the replacement has run no probe yet: still failed, the cause stands
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            network_mode: none
            healthcheck:
              test: ["CMD-SHELL", "wget -q -O /dev/null localhost || true"]
              interval: 5s
        """);
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
        > clock +15s
        > three probes failed: curl is not in the image
        pass gold at +15s
          plan:
            stop gold-web-1 (unhealthy, restart 1)
            remove gold-web-1 (unhealthy, restart 1)
            create gold-web-1 (unhealthy, restart 1)
          outcomes:
            DONE stop gold-web-1
            DONE remove gold-web-1
            DONE create gold-web-1
          result: idle
          status web: failed, 1/1 running, 0 healthy, restarts 1
            gold-web-1: running, starting, restarts 1
            last error: gold-web-1: the health check's command cannot run in the image (probe exit 127: /bin/sh: curl: not found); fix healthcheck.test or add the command to the image
          events:
            +15s container.unhealthy gold-web-1 [unhealthy]: health check failing
            +15s service.failed web: gold-web-1: the health check's command cannot run in the image (probe exit 127: /bin/sh: curl: not found); fix healthcheck.test or add the command to the image
            +15s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +15s container.stopped gold-web-1: stopped (unhealthy, restart 1)
            +15s container.removed gold-web-1: removed (unhealthy, restart 1)
            +15s container.created gold-web-1: created (unhealthy, restart 1)
            +15s container.restarted gold-web-1 [unhealthy]: replaced: unhealthy, restart 1
        > clock +16s
        pass gold at +16s
          plan: nothing
          result: idle
          status web: failed, 1/1 running, 0 healthy, restarts 1
            gold-web-1: running, starting, restarts 1
            last error: gold-web-1: the health check's command cannot run in the image (probe exit 127: /bin/sh: curl: not found); fix healthcheck.test or add the command to the image
        > submit gold
        pass gold at +16s
          plan:
            stop gold-web-1 (spec changed)
            remove gold-web-1 (spec changed)
            create gold-web-1 (spec changed)
          outcomes:
            DONE stop gold-web-1
            DONE remove gold-web-1
            DONE create gold-web-1
          result: again in 5s
          status web: rolling_out, 1/1 running, 0 healthy, restarts 0
            gold-web-1: running, starting, restarts 0
            note: spec changed: 1 of 1 replicas outdated
            last error: gold-web-1: the health check's command cannot run in the image (probe exit 127: /bin/sh: curl: not found); fix healthcheck.test or add the command to the image
          events:
            +16s rollout.started web [update]: rolling out a changed spec: 1 replica(s)
            +16s container.exited gold-web-1 [exit]: exited with code 137 (SIGKILL: killed, or out of memory)
            +16s container.stopped gold-web-1: stopped (spec changed)
            +16s container.removed gold-web-1: removed (spec changed)
            +16s container.created gold-web-1: created (spec changed)
            +16s container.replaced gold-web-1: replaced and started (spec changed)
        """);;
  }

  @Test
  void aNetworkOrVolumeNameTakenByAnUnlabelledOneFailsTheServiceAndNothingJoinsIt() {
    h.fake.addUnlabelledNetwork("theirs-net").addUnlabelledVolume("theirs-data");
    h.note("a network theirs-net and a volume theirs-data exist without orch's labels");
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            networks: [front]
            volumes: ["data:/data"]
        networks:
          front:
            name: theirs-net
        volumes:
          data:
            name: theirs-data
        """);
    h.pass("gold");
    h.advance(Duration.ofSeconds(5));
    h.pass("gold"); // still failed, not announced again
    h.note("the user declares both external");
    h.submit("""
        name: gold
        services:
          web:
            image: busybox
            command: ["sleep", "86400"]
            networks: [front]
            volumes: ["data:/data"]
        networks:
          front:
            name: theirs-net
            external: true
        volumes:
          data:
            name: theirs-data
            external: true
        """);
    h.pass("gold");
    golden("""
        > a network theirs-net and a volume theirs-data exist without orch's labels
        > submit gold
        pass gold at +0s
          plan: nothing
          result: idle
          status web: failed, 0/1 running, restarts 0
            last error: network theirs-net exists on the engine but orch did not create it for this stack (it lacks the stack's labels); orch neither uses nor changes it: declare it external: true to use it, or choose another name for the network
          events:
            +0s action.failed gold: network theirs-net exists on the engine but orch did not create it for this stack (it lacks the stack's labels); orch neither uses nor changes it: declare it external: true to use it, or choose another name for the network
            +0s action.failed gold: volume theirs-data exists on the engine but orch did not create it for this stack (it lacks the stack's labels); orch neither uses nor changes it: declare it external: true to use it, or choose another name for the volume
        > clock +5s
        pass gold at +5s
          plan: nothing
          result: idle
          status web: failed, 0/1 running, restarts 0
            last error: network theirs-net exists on the engine but orch did not create it for this stack (it lacks the stack's labels); orch neither uses nor changes it: declare it external: true to use it, or choose another name for the network
        > the user declares both external
        > submit gold
        pass gold at +5s
          plan:
            create gold-web-1 (scale up)
          outcomes:
            DONE create gold-web-1
          result: idle
          status web: running, 1/1 running, restarts 0
            gold-web-1: running, restarts 0
          events:
            +5s container.created gold-web-1: created (scale up)
            +5s container.started gold-web-1: created and started (scale up)
            +5s service.converged web: 1/1 replicas running
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
