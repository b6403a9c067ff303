package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.TokenFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hostile stack file cannot take the agent down (issue 7): the alias bomb of 9 x 9 aliases that used to grow the agent to
 * 6.5 GB and kill its threads is a 422 naming the limit, the agent stays small and keeps answering, and the CLI
 * refuses the same file with exit code 2 and no stack trace.
 */
class AliasBombIT extends AgentItBase {
  private static final long MAX_RSS_KB = 300 * 1024;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** 9 anchors, each a list of 9 aliases of the one before: 432 bytes that expand to 9^9 strings. */
  static String aliasBomb() {
    StringBuilder sb = new StringBuilder("a0: &a0 [" + String.join(",", Collections.nCopies(9, "\"lol\"")) + "]\n");
    for (int level = 1; level < 9; level++) {
      sb.append('a').append(level).append(": &a").append(level).append(" [")
          .append(String.join(",", Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
    }
    return sb.toString();
  }

  private HttpResponse<String> put(String body, String contentType) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(agent.addr() + "/v1/stacks/" + stack + "?dryRun=true"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + TokenFile.read(agent.stateDir()).orElseThrow())
        .header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private int healthz() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(agent.addr() + "/healthz")).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static long rssKb(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst().orElseThrow(() -> new AssertionError("no VmRSS for agent pid " + pid));
  }

  @Test
  void theAliasBombIsA422AndTheAgentStaysSmallAndAnswering() throws Exception {
    String bomb = aliasBomb();
    assertThat(bomb.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(450);
    long rssBefore = rssKb(agent.pid());
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      HttpResponse<String> res = put(bomb, "application/yaml");
      if (i == 0 || i == 19) {
        System.out.printf("alias bomb #%d answered %d in %d ms%n", i + 1, res.statusCode(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
      assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
      assertThat(res.body()).contains("invalid_stack", "the document expands to more than 100000 values",
          "\"line\":6");
      assertThat(healthz()).isEqualTo(200);
    }
    long rssAfter = rssKb(agent.pid());
    System.out.printf("agent RSS: %d MB before, %d MB after 20 alias bombs%n", rssBefore / 1024, rssAfter / 1024);
    assertThat(rssAfter).as("agent VmRSS in kB").isLessThan(MAX_RSS_KB);
    assertThat(client().stack(stack)).as("a refused stack is not stored").isEmpty();
  }

  @Test
  void jsonNestedTooDeepIsA422() throws Exception {
    String json = "{\"services\": {\"web\": {\"image\": \"busybox\"}}, \"x\": " + "[".repeat(5_000)
        + "]".repeat(5_000) + "}";
    HttpResponse<String> res = put(json, "application/json");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    assertThat(res.body()).contains("the document nests deeper than 64 levels");
    assertThat(healthz()).isEqualTo(200);
  }

  @Test
  void orchConfigRefusesTheAliasBombWithExitCode2AndNoStackTrace() throws Exception {
    Path file = Files.createTempFile("bomb", ".yml");
    Files.writeString(file, "services: {web: {image: busybox}}\nx-bomb:\n" + aliasBomb().indent(2));
    Path out = Files.createTempFile("orch-out", ".txt");
    Path err = Files.createTempFile("orch-err", ".txt");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(agent.cli("config", "-f", file.toString()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("orch config finished").isTrue();
    System.out.printf("orch config -f bomb.yml exited %d after %d ms%n", p.exitValue(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    String stderr = Files.readString(err);
    assertThat(p.exitValue()).as(stderr).isEqualTo(2);
    assertThat(stderr).contains(file + ":8:", "x-bomb.a5", "the document expands to more than 100000 values")
        .doesNotContain("Exception", "\tat ");
    assertThat(Files.readString(out)).isEmpty();
  }
}
