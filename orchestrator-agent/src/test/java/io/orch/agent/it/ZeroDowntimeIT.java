package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of a start-first rollout behind orch's ingress, checked the way a user would notice it breaking: a
 * client sends a steady stream of HTTP requests (a new connection each, short timeouts) to the published host port
 * while `orch up` rolls a changed spec over three replicas. Not one request may fail, both the old and the new spec
 * must have answered during the update, and afterwards all three replicas run the new spec.
 */
class ZeroDowntimeIT extends AgentItBase {
  private static final int PORT = 18401;
  /** Each replica serves "<version> <hostname>", so every reply tells which spec answered it. */
  private static final String FILE = """
      name: STACK
      services:
        web:
          image: IMAGE
          command: ["sh", "-c", "mkdir -p /tmp/www && echo \\"$$VERSION $$HOSTNAME\\" > /tmp/www/index.html \
      && touch /tmp/healthy && exec httpd -f -p 8080 -h /tmp/www"]
          init: true
          environment: {VERSION: "@VER@"}
          stop_grace_period: 2s
          ports: ["127.0.0.1:PORT:8080"]
          healthcheck:
            test: ["CMD", "test", "-f", "/tmp/healthy"]
            interval: 1s
            timeout: 1s
            retries: 2
            # A new replica not healthy within monitor + start_period fails the rollout; on a loaded machine the first
            # check can take longer than the 2s monitor alone.
            start_period: 10s
          deploy:
            replicas: 3
            update_config: {order: start-first, parallelism: 1, monitor: 2s}
      """;

  record Reply(boolean ok, String body, String error) {}

  record Run(int exit, String out, String err) {}

  private Path dir;

  @BeforeEach
  void taggedStackName() throws IOException {
    stack = "h10z" + UUID.randomUUID().toString().substring(0, 8); // this branch's prefix on the shared engine
    dir = Files.createTempDirectory("h10z-zero-it");
  }

  private String file(String version) {
    return FILE.replace("STACK", stack).replace("IMAGE", image).replace("PORT", Integer.toString(PORT))
        .replace("@VER@", version);
  }

  /** One GET on a new connection; short timeouts, so a request parked on a dead backend counts as failed. */
  static Reply get(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      s.setSoTimeout(2_000);
      s.getOutputStream().write("GET / HTTP/1.0\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int body = text.indexOf("\r\n\r\n");
      boolean ok = (text.startsWith("HTTP/1.0 200") || text.startsWith("HTTP/1.1 200")) && body >= 0;
      return new Reply(ok, body < 0 ? null : text.substring(body + 4).trim(),
          ok ? null : "reply: " + text.lines().findFirst().orElse("(nothing)"));
    } catch (IOException e) {
      return new Reply(false, null, e.toString());
    }
  }

  private Run up(String yaml) throws Exception {
    Path f = dir.resolve("stack-" + UUID.randomUUID() + ".yml");
    Files.writeString(f, yaml);
    List<String> cmd = new ArrayList<>(agent.cli("up", "-f", f.toString(), "--timeout", "3m"));
    cmd.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(4, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("orch up did not finish");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** VERSION of each running replica, from the engine. */
  private List<String> versionsOfRunning() {
    return containers("web").stream().filter(c -> "running".equals(c.getState()))
        .map(c -> Arrays.stream(docker.inspectContainerCmd(c.getId()).exec().getConfig().getEnv())
            .filter(e -> e.startsWith("VERSION=")).findFirst().orElse("VERSION=(none)").substring(8))
        .toList();
  }

  @Test
  void aStartFirstRollingUpdateUnderASteadyRequestStreamLosesNoRequest() throws Exception {
    Run first = up(file("v1"));
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(get(PORT).body()).startsWith("v1 ");

    List<Reply> replies = new CopyOnWriteArrayList<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
      while (sending.get()) {
        replies.add(get(PORT));
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    Run second;
    try {
      second = up(file("v2"));
      Thread.sleep(500); // a few requests after `up` returned: the last old replica is gone by now
    } finally {
      sending.set(false);
      client.join();
    }

    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    List<Reply> failed = replies.stream().filter(r -> !r.ok()).toList();
    Map<String, Long> byVersion = replies.stream().filter(Reply::ok)
        .collect(Collectors.groupingBy(r -> r.body().split(" ")[0], Collectors.counting()));
    assertThat(failed).as("failed requests of %d during the rollout (served by version: %s)", replies.size(),
        byVersion).isEmpty();
    assertThat(byVersion).as("requests served by the old and by the new spec").containsKeys("v1", "v2");
    assertThat(byVersion.keySet()).containsOnly("v1", "v2");
    assertThat(replies.get(replies.size() - 1).body()).startsWith("v2 ");
    assertThat(versionsOfRunning()).containsExactly("v2", "v2", "v2");
    List<Container> all = containers("web");
    assertThat(all).hasSize(3);
    Map<String, Long> newReplicasAnswering = replies.stream().filter(Reply::ok).map(Reply::body)
        .filter(b -> b.startsWith("v2 ")).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(newReplicasAnswering).as("distinct new replicas that answered").hasSizeGreaterThanOrEqualTo(3);
    System.out.printf("zero-downtime: %d requests, %d failed, by version %s%n", replies.size(), failed.size(),
        byVersion);
  }
}
