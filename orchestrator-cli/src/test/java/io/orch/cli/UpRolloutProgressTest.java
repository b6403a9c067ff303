package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.orch.api.client.OrchClient;
import io.orch.api.dto.RolloutDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.ServiceStatusDto.State;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.WireJson;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What `orch up` prints while a rollout goes on, against a scripted agent (a tiny HTTP server answering
 * {@code GET /v1/stacks/uxr} with one status after another, the last one repeated): the agent's instantaneous count
 * dipped from 2/3 to 1/3 for a pass and the rollout then completed (issue 17 item 7).
 */
class UpRolloutProgressTest {
  private static final ObjectMapper JSON = WireJson.lenientMapper();
  private static final Instant STARTED = Instant.parse("2026-12-07T20:00:00Z");
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void progressNeverGoesBackwardsAndEndsAtAllUpdated() throws Exception {
    OrchClient client = agentAnswering(
        rolling(1), rolling(1), rolling(2), rolling(1), rolling(2),
        service(State.RUNNING, new RolloutDto(RolloutDto.Phase.COMPLETED, 3, 3, 0, null, STARTED)));
    StringWriter out = new StringWriter();

    int exit = UpCommand.waitForConvergence(client, "uxr", Duration.ofSeconds(30), new PrintWriter(out),
        new PrintWriter(new StringWriter()));

    assertThat(exit).isZero();
    List<String> rolloutLines = out.toString().lines().filter(l -> l.startsWith("  web: ")).toList();
    assertThat(rolloutLines).containsExactly("  web: updated 1/3", "  web: updated 2/3",
        "  web: updated 3/3, rollout complete");
    assertThat(out.toString()).endsWith("stack uxr is up: web 3/3 running\n");
  }

  @Test
  void aFailureStillGetsItsLineWhileTheCountHolds() throws Exception {
    OrchClient client = agentAnswering(
        rolling(2), rolling(2), service(State.ROLLING_OUT, new RolloutDto(RolloutDto.Phase.ROLLING_OUT, 1, 3, 1, null, STARTED)),
        service(State.RUNNING, new RolloutDto(RolloutDto.Phase.COMPLETED, 3, 3, 1, null, STARTED)));
    StringWriter out = new StringWriter();

    UpCommand.waitForConvergence(client, "uxr", Duration.ofSeconds(30), new PrintWriter(out),
        new PrintWriter(new StringWriter()));

    assertThat(out.toString().lines().filter(l -> l.startsWith("  web: ")).toList()).containsExactly(
        "  web: updated 2/3", "  web: updated 2/3, 1 failure", "  web: updated 3/3, rollout complete");
  }

  private static StackDto rolling(int updated) {
    return service(State.ROLLING_OUT, new RolloutDto(RolloutDto.Phase.ROLLING_OUT, updated, 3, 0, null, STARTED));
  }

  private static StackDto service(State state, RolloutDto rollout) {
    ServiceStatusDto web = new ServiceStatusDto("uxr", "web", "busybox:1.36", 3, 3, 0, 0, state, null, null,
        List.of(), List.of(), null, rollout);
    return new StackDto("uxr", STARTED, 2, List.of(web), false, null, 2);
  }

  private OrchClient agentAnswering(StackDto... statuses) throws Exception {
    Deque<StackDto> script = new ArrayDeque<>(List.of(statuses));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/stacks/uxr", exchange -> {
      StackDto next;
      synchronized (script) {
        next = script.size() > 1 ? script.poll() : script.peek();
      }
      byte[] body = JSON.writeValueAsString(next).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    return new OrchClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
        Duration.ofSeconds(5));
  }
}
