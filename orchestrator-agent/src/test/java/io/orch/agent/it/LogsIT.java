package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.LogLineDto;
import io.orch.api.dto.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Service logs from the real engine: tail, follow, stdout and stderr told apart, and clients that hang up. */
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
