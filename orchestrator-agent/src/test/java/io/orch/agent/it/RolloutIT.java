package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.ServiceStatusDto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts against the real engine, driven as a user drives them: `orch up` with a changed file. A new command that
 * exits 1 is rolled back (failure_action rollback) or paused (pause, then `orch rollback`), `up` exits 1 saying so,
 * the events and {@code orch_rollouts_total} record it; a start-first update keeps at least {@code replicas}
 * containers running throughout, as sampled from the engine.
 */
class RolloutIT extends AgentItBase {
  record Run(int exit, String out, String err) {}

  private Path dir;

  @BeforeEach
  void h10rNames() throws Exception {
    stack = "h10r" + UUID.randomUUID().toString().substring(0, 8);
    dir = Files.createTempDirectory("h10r-rollout-it");
  }

  private String file(String command, String updateConfig) {
    return """
        name: %s
        services:
          web:
            image: %s
            command: %s
            stop_grace_period: 1s
            deploy:
              replicas: 3
              update_config: %s
        """.formatted(stack, image, command, updateConfig);
  }

  private Run up(String yaml, String... extra) throws Exception {
    Path f = dir.resolve("stack-" + UUID.randomUUID() + ".yml");
    Files.writeString(f, yaml);
    List<String> args = new ArrayList<>(List.of("up", "-f", f.toString(), "--timeout", "3m"));
    args.addAll(List.of(extra));
    return orch(args.toArray(String[]::new));
  }

  private Run orch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(agent.cli(args));
    cmd.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("orch " + String.join(" ", args) + " did not finish");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private List<String> commandsOfRunning() {
    return containers("web").stream().filter(c -> "running".equals(c.getState()))
        .map(c -> String.join(" ", docker.inspectContainerCmd(c.getId()).exec().getConfig().getCmd())).toList();
  }

  /** The events of this stack of {@code type} so far (the stream replays from the start, then is closed). */
  private List<EventDto> events(String type) throws InterruptedException {
    List<EventDto> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try {
        client().streamEvents(0, stack, null, type, e -> {
          seen.add(e);
          return !stop.get();
        });
      } catch (RuntimeException ignored) {
        // closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    Thread.sleep(1500);
    stop.set(true);
    return List.copyOf(seen);
  }

  private String metrics() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent.addr()
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return r.body();
  }

  @Test
  void aCommandThatExitsOneIsRolledBackAndUpSaysSo() throws Exception {
    String update = "{parallelism: 1, monitor: 2s, failure_action: rollback}";
    Run first = up(file("[\"sleep\", \"3600\"]", update));
    assertThat(first.exit()).as(first.out() + first.err()).isZero();

    Run broken = up(file("[\"sh\", \"-c\", \"exit 1\"]", update));

    assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(1);
    assertThat(broken.err()).contains("web: rolled back to the previous spec")
        .contains("exited with code 1").contains("orch logs web");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(commandsOfRunning()).containsExactly("sleep 3600", "sleep 3600", "sleep 3600");
      assertThat(containers("web")).hasSize(3);
      // The engine can show the three restored replicas a moment before the agent's next pass publishes running.
      assertThat(service("web").state()).isEqualTo(ServiceStatusDto.State.RUNNING);
    });
    ServiceStatusDto web = service("web");
    assertThat(web.rolloutState().phase()).isEqualTo(RolloutDto.Phase.ROLLED_BACK);
    assertThat(web.rolloutState().reason()).contains("exited with code 1");
    assertThat(events("rollout.rolled_back")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("exited with code 1"));
    assertThat(events("rollout.started")).hasSize(2); // the update, then the rollback
    assertThat(metrics()).contains("orch_rollouts_total{result=\"rolled_back\",service=\"web\",stack=\"" + stack
        + "\"} 1.0");
  }

  @Test
  void aPausedRolloutShowsPausedAndOrchRollbackRestoresTheService() throws Exception {
    String update = "{parallelism: 1, monitor: 2s, failure_action: pause}";
    Run first = up(file("[\"sleep\", \"3600\"]", update));
    assertThat(first.exit()).as(first.out() + first.err()).isZero();

    Run broken = up(file("[\"sh\", \"-c\", \"exit 1\"]", update));

    assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(1);
    assertThat(broken.err()).contains("web: rollout paused").contains("orch rollback web");
    ServiceStatusDto paused = service("web");
    assertThat(paused.state()).isEqualTo(ServiceStatusDto.State.PAUSED);
    assertThat(paused.rolloutState().reason()).contains("exited with code 1");
    // Two old replicas keep running: nothing more was replaced.
    // (the failed replica may be up for an instant between its restarts)
    assertThat(commandsOfRunning()).filteredOn(c -> c.startsWith("sleep")).hasSize(2);
    Run ps = orch("ps", "-p", stack);
    assertThat(ps.out()).contains(stack + "/web: rollout paused, updated 0/3");
    assertThat(events("rollout.paused")).hasSize(1);

    Run rollback = orch("rollback", "web", "-p", stack);
    assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isZero();

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(service("web").state()).isEqualTo(ServiceStatusDto.State.RUNNING);
      assertThat(commandsOfRunning()).containsExactly("sleep 3600", "sleep 3600", "sleep 3600");
    });
    assertThat(metrics()).contains("orch_rollouts_total{result=\"paused\",service=\"web\",stack=\"" + stack
        + "\"} 1.0");
  }

  @Test
  void startFirstKeepsEveryReplicaRunningThroughTheUpdate() throws Exception {
    String update = "{parallelism: 1, monitor: 1s, order: start-first}";
    Run first = up(file("[\"sleep\", \"3600\"]", update));
    assertThat(first.exit()).as(first.out() + first.err()).isZero();

    List<Integer> samples = new CopyOnWriteArrayList<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        samples.add((int) containers("web").stream().filter(c -> "running".equals(c.getState())).count());
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    Run second;
    try {
      second = up(file("[\"sleep\", \"3601\"]", update));
    } finally {
      sampling.set(false);
      sampler.join();
    }

    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("web: updated 1/3");
    assertThat(samples).as("running replicas sampled during the update").isNotEmpty().allMatch(n -> n >= 3);
    assertThat(samples).as("a new replica ran beside the old ones at some point").anyMatch(n -> n == 4);
    assertThat(commandsOfRunning()).containsExactly("sleep 3601", "sleep 3601", "sleep 3601");
    List<Container> all = containers("web");
    assertThat(all).hasSize(3);
    assertThat(all.stream().map(AgentItBase::name).distinct()).hasSize(3);
    assertThat(service("web").rolloutState().phase()).isEqualTo(RolloutDto.Phase.COMPLETED);
    assertThat(metrics()).contains("orch_rollouts_total{result=\"completed\",service=\"web\",stack=\"" + stack
        + "\"} 1.0");
  }
}
