package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.LogLineDto;
import io.orch.api.dto.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Service logs from the real engine: tail, follow, stdout and stderr told apart, clients that hang up, time order
 * without follow, and a follow that goes on across a replica's restart and a rolling restart's replacements.
 */
class LogsIT extends AgentItBase {
  private static final String STACK = """
      services:
        talker:
          image: IMAGE
          command: ["sh", "-c", "echo 'to stdout'; echo 'to stderr' >&2; i=0; while true; do i=$$((i+1)); echo \\"tick $$i\\"; sleep 0.2; done"]
          stop_grace_period: 1s
          deploy:
            replicas: 2
      """;
  private final ObjectMapper json = WireJson.lenientMapper();

  @Test
  void readsTailsFollowsAndStopsWhenTheClientGoesAway() throws Exception {
    submit(STACK);
    awaitConverged(Duration.ofSeconds(60));
    String one = stack + "-talker-1";
    String two = stack + "-talker-2";

    // Without follow the stream ends once every replica's log is read; stdout and stderr are told apart.
    List<LogLineDto> all = new ArrayList<>();
    client().streamLogs(stack, "talker", false, -1, true, line -> all.add(parse(line)));
    for (String replica : List.of(one, two)) {
      assertThat(all).filteredOn(l -> l.container().equals(replica))
          .extracting(LogLineDto::stream, LogLineDto::line)
          .contains(org.assertj.core.groups.Tuple.tuple("stdout", "to stdout"),
              org.assertj.core.groups.Tuple.tuple("stderr", "to stderr"));
    }
    assertThat(all).allSatisfy(l -> assertThat(l.time()).isNotNull());

    // --tail 1: one line of each replica, although each has written at least two by now.
    List<String> tail = new ArrayList<>();
    client().streamLogs(stack, "talker", false, 1, false, tail::add);
    assertThat(tail).hasSize(2);
    assertThat(tail).anySatisfy(l -> assertThat(l).startsWith("talker-1 | "))
        .anySatisfy(l -> assertThat(l).startsWith("talker-2 | "));

    // Follow sees new lines as they are written; hanging up ends the stream on the agent too. More follows than the
    // API has worker threads: a follower left behind would leave later requests waiting.
    for (int round = 0; round < 6; round++) {
      List<String> followed = new ArrayList<>();
      CompletableFuture<Void> follow = CompletableFuture.runAsync(() ->
          client().streamLogs(stack, "talker", true, 0, false, line -> {
            followed.add(line);
            return followed.size() < 4;
          }));
      follow.get(30, TimeUnit.SECONDS);
      assertThat(followed).hasSize(4).allSatisfy(l -> assertThat(l).matches("talker-[12] \\| tick \\d+"));
    }
    assertThat(client().service(stack, "talker")).isPresent();
    List<String> after = new ArrayList<>();
    client().streamLogs(stack, "talker", false, 2, false, after::add);
    assertThat(after).hasSize(4);
  }

  @Test
  void withoutFollowTheReplicasLinesComeInTimeOrderAndWithTimestampsOnRequest() throws Exception {
    submit(STACK);
    awaitConverged(Duration.ofSeconds(60));
    // Both replicas tick every 0.2s: wait for a few ticks of each, so their lines interleave in time.
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<String> ticks = new ArrayList<>();
      client().streamLogs(stack, "talker", false, -1, false, ticks::add);
      return ticks.stream().filter(l -> l.startsWith("talker-1 | tick")).count() >= 5
          && ticks.stream().filter(l -> l.startsWith("talker-2 | tick")).count() >= 5;
    });

    List<LogLineDto> all = new ArrayList<>();
    client().streamLogs(stack, "talker", false, -1, true, line -> all.add(parse(line)));
    assertThat(all).extracting(LogLineDto::container).contains(stack + "-talker-1", stack + "-talker-2");
    assertThat(all).extracting(LogLineDto::time).isSortedAccordingTo(java.util.Comparator.naturalOrder());

    // -t: the engine's time of each line after the replica, as `docker compose logs -t` prints it.
    List<String> stamped = new ArrayList<>();
    client().streamLogs(stack, "talker", false, 2, false, true, stamped::add);
    assertThat(stamped).hasSize(4).allSatisfy(l -> assertThat(l)
        .matches("talker-[12] \\| \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z tick \\d+"));
  }

  @Test
  void followGoesOnWithAKilledReplicaOnceRestartedAndWithTheReplicasOfARestart() throws Exception {
    submit(STACK);
    awaitConverged(Duration.ofSeconds(60));
    String one = stack + "-talker-1";
    List<String> followed = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> follow = CompletableFuture.runAsync(() ->
        client().streamLogs(stack, "talker", true, 0, false, line -> {
          followed.add(line);
          return !stop.get();
        }));
    try {
      await("both replicas followed").atMost(Duration.ofSeconds(30)).until(() ->
          followed.stream().anyMatch(l -> l.startsWith("talker-1 | tick"))
              && followed.stream().anyMatch(l -> l.startsWith("talker-2 | tick")));

      // docker kill of one replica: the agent starts the same container again; its new run prints "to stdout" first.
      String killedId = docker.inspectContainerCmd(one).exec().getId();
      docker.killContainerCmd(one).exec();
      await("the killed replica's new run is followed").atMost(Duration.ofSeconds(60))
          .until(() -> followed.contains("talker-1 | to stdout"));
      int afterKill = followed.size();
      await("and goes on ticking").atMost(Duration.ofSeconds(30)).until(() ->
          followed.subList(afterKill, followed.size()).stream().anyMatch(l -> l.startsWith("talker-1 | tick")));
      assertThat(docker.inspectContainerCmd(one).exec().getId()).isEqualTo(killedId);
      // The earlier run's lines are not printed again (the follow began with --tail 0).
      assertThat(followed).filteredOn(l -> l.equals("talker-1 | to stdout")).hasSize(1);

      // `orch restart`: every replica replaced by a new container; the new ones' lines are followed too.
      List<String> before = containers("talker").stream().map(c -> c.getId()).toList();
      client().restart(stack, "talker");
      await("both replicas replaced").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> containers("talker").stream().map(c -> c.getId()).noneMatch(before::contains)
              && containers("talker").size() == 2);
      await("the replacements are followed").atMost(Duration.ofSeconds(60)).until(() ->
          followed.stream().filter(l -> l.equals("talker-2 | to stdout")).count() == 1
              && followed.stream().filter(l -> l.equals("talker-1 | to stdout")).count() == 2);
      int afterRestart = followed.size();
      await("and go on ticking").atMost(Duration.ofSeconds(30)).until(() ->
          followed.subList(afterRestart, followed.size()).stream().anyMatch(l -> l.startsWith("talker-1 | tick"))
              && followed.subList(afterRestart, followed.size()).stream()
                  .anyMatch(l -> l.startsWith("talker-2 | tick")));
      assertThat(follow).isNotDone();
    } finally {
      stop.set(true);
      follow.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void unknownServiceIs404() {
    submit(STACK);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> client().streamLogs(stack, "nope", false, 10, false, l -> true))
        .hasMessageContaining("nope");
  }

  private LogLineDto parse(String line) {
    try {
      return json.readValue(line, LogLineDto.class);
    } catch (java.io.IOException e) {
      throw new AssertionError("not a log line: " + line, e);
    }
  }
}
