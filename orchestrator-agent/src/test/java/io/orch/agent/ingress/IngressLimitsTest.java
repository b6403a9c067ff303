package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.EventType;
import io.orch.agent.testing.MutableClock;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Stack;
import io.orch.core.plan.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress's bounds on loopback (issue 19 item 3): the idle timeout, the per-port cap with idle eviction, and the
 * passive health check that takes a replica that accepts but never answers out of rotation. Replicas are small TCP
 * servers on 127.0.0.1-2; no engine.
 */
class IngressLimitsTest {
  private final Map<String, ObservedContainer> view = new ConcurrentHashMap<>();
  private final List<ServerSocket> servers = new ArrayList<>();
  private final List<Socket> clients = new ArrayList<>();
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Ingress ingress;
  private int targetPort;
  private int hostPort;

  @BeforeEach
  void start() throws IOException {
    targetPort = freePort();
    hostPort = freePort();
    ingress = new Ingress(stack -> view.values().stream().filter(c -> stack.equals(c.stack())).toList(), meters,
        new MutableClock(), events::add, new IngressBudget(1_000));
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : clients) {
      s.close();
    }
    ingress.close();
    for (ServerSocket s : servers) {
      s.close();
    }
  }

  /** A replica on 127.0.0.{slot}: answers each line with its name, or, when silent, reads and never answers. */
  private void replica(int slot, boolean silent) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("127.0.0." + slot, targetPort));
    servers.add(server);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread h = new Thread(() -> serve(s, "shop-web-" + slot, silent));
          h.setDaemon(true);
          h.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    view.put("id" + slot, new ObservedContainer("id" + slot, "shop-web-" + slot, "img",
        Map.of(Labels.MANAGED, "true", Labels.STACK, "shop", Labels.SERVICE, "web", Labels.SLOT, "" + slot),
        State.RUNNING, Health.NONE, null, false, null, null, null, Map.of("shop_default", "127.0.0." + slot)));
  }

  private static void serve(Socket s, String name, boolean silent) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String l = lines.readLine(); l != null; l = lines.readLine()) {
        if (!silent) {
          out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (IOException ignored) {
      // client gone
    }
  }

  private void declare(String xOrch) {
    String yaml = "services:\n  web:\n    image: busybox:1.36\n    deploy: {replicas: 2}\n    ports: [\"127.0.0.1:"
        + hostPort + ":" + targetPort + "\"]\n    x-orch: " + xOrch + "\n";
    Stack stack = new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of()).stack();
    assertThat(ingress.declare("shop", stack).unbound()).isEmpty();
  }

  /** One request on a new connection: the replica's name, or "" when the connection closed without an answer. */
  private String ask() throws IOException {
    try (Socket s = new Socket("127.0.0.1", hostPort)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write("GET\n".getBytes(StandardCharsets.UTF_8));
      String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
  }

  private Socket idleClient() throws IOException {
    Socket s = new Socket("127.0.0.1", hostPort);
    s.setSoTimeout(30_000);
    clients.add(s);
    return s;
  }

  private double counter(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void aSilentReplicaGetsNoMoreConnectionsAfterTwoTimeouts() throws IOException {
    replica(1, false);
    replica(2, true);
    declare("{ingress_response_timeout: 1s}");

    List<String> before = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      before.add(ask());
    }
    assertThat(before).containsExactly("shop-web-1", "", "shop-web-1", "");

    List<String> after = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      after.add(ask());
    }
    assertThat(after).containsOnly("shop-web-1");
    assertThat(counter("orch.ingress.response.timeouts")).isEqualTo(2);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.INGRESS_BACKEND_EJECTED);
      assertThat(e.service()).isEqualTo("web");
      assertThat(e.message()).isEqualTo("replica shop-web-2 accepted connections on port " + targetPort
          + " but did not answer within 1s (x-orch.ingress_response_timeout), 2 time(s) in a row: out of the rotation"
          + " of 127.0.0.1:" + hostPort + " for 30s, then its next connection is the check");
    });
  }

  @Test
  void aConnectionIdleForTheIdleTimeoutIsClosed() throws IOException {
    replica(1, false);
    declare("{ingress_idle_timeout: 1s}");
    Socket idle = idleClient();

    assertThat(idle.getInputStream().read()).as("closed by the ingress").isEqualTo(-1);
    await().atMost(Duration.ofSeconds(10)).until(() -> counter("orch.ingress.idle.closed") == 1);
    assertThat(ask()).isEqualTo("shop-web-1");
  }

  @Test
  void atThePortsCapAnIdleConnectionMakesRoomForARealClient() throws Exception {
    replica(1, false);
    declare("{ingress_max_connections: 3}");
    List<Socket> idle = List.of(idleClient(), idleClient(), idleClient());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> meters.find("orch.ingress.connections.active").gauge().value() == 3);
    Thread.sleep(1_100); // past PortConnections.EVICTABLE_AFTER: the idle ones are fair game

    assertThat(ask()).isEqualTo("shop-web-1");

    assertThat(idle.get(0).getInputStream().read()).as("the longest idle connection was closed").isEqualTo(-1);
    assertThat(events).extracting(AgentEvent::type).contains(EventType.INGRESS_CONNECTIONS_CAPPED);
    assertThat(events.get(0).message()).startsWith("ingress 127.0.0.1:" + hostPort + " is at its cap of 3 connections");
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }
}
