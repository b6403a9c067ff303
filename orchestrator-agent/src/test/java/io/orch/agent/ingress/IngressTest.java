package io.orch.agent.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orch.agent.reconcile.IngressControl.Change;
import io.orch.agent.reconcile.IngressControl.Declared;
import io.orch.agent.testing.MutableClock;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Stack;
import io.orch.core.plan.Labels;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy itself, on loopback: three "replicas" are small TCP servers on 127.0.0.1-3 (one port, as replicas share
 * their target port on their own addresses), the view of the containers is a map the test changes. No engine.
 */
class IngressTest {
  /** The host port the ingress listens on: a free one per test, so nothing else on the machine can hold it. */
  private int hostPort;

  private final Map<String, ObservedContainer> view = new ConcurrentHashMap<>();
  private final List<Replica> replicas = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private Ingress ingress;
  private int targetPort;

  /** Answers each connection with its name, after reading one line (so a connection can be held open). */
  private static final class Replica implements AutoCloseable {
    final String name;
    final ServerSocket server;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();

    Replica(String name, String ip, int port) throws IOException {
      this.name = name;
      this.server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(ip, port));
      Thread t = new Thread(this::serve, "replica-" + name);
      t.setDaemon(true);
      t.start();
    }

    private void serve() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          accepted.add(s);
          Thread h = new Thread(() -> answer(s));
          h.setDaemon(true);
          h.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void answer(Socket s) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        while (in.read() != '\n') {
          // read the request line
        }
        out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        in.read(); // until the client closes
      } catch (IOException ignored) {
        // client gone
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @BeforeEach
  void replicas() throws IOException {
    targetPort = freePort();
    hostPort = freePort();
    for (int n = 1; n <= 3; n++) {
      replicas.add(new Replica("shop-web-" + n, "127.0.0." + n, targetPort));
      put(n, State.RUNNING, Health.NONE);
    }
    ingress = new Ingress(stack -> view.values().stream().filter(c -> stack.equals(c.stack())).toList(), meters,
        clock);
  }

  @AfterEach
  void stop() throws IOException {
    ingress.close();
    for (Replica r : replicas) {
      r.close();
    }
  }

  private void put(int slot, State state, Health health) {
    view.put("id" + slot, new ObservedContainer("id" + slot, "shop-web-" + slot, "img",
        Map.of(Labels.MANAGED, "true", Labels.STACK, "shop", Labels.SERVICE, "web", Labels.SLOT, "" + slot),
        state, health, null, false, null, null, null,
        state == State.RUNNING ? Map.of("shop_default", "127.0.0." + slot) : Map.of()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  private Stack stack(int hostPort) {
    String yaml = "services:\n  web:\n    image: busybox:1.36\n    deploy: {replicas: 3}\n    ports: [\"127.0.0.1:"
        + hostPort + ":" + targetPort + "\"]\n";
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of()).stack();
  }

  /** One request through the ingress: the name of the replica that answered. */
  private static String ask(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET\n".getBytes(StandardCharsets.UTF_8));
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
  }

  private double counter(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void spreadsConnectionsOverEveryReplicaRoundRobin() throws IOException {
    Declared d = ingress.declare("shop", stack(hostPort));
    assertThat(d.unbound()).isEmpty();
    assertThat(d.news()).extracting(n -> n.change()).containsExactly(Change.BOUND);

    Map<String, Integer> served = new ConcurrentHashMap<>();
    for (int i = 0; i < 30; i++) {
      served.merge(ask(hostPort), 1, Integer::sum);
    }

    assertThat(served).containsOnly(Map.entry("shop-web-1", 10), Map.entry("shop-web-2", 10),
        Map.entry("shop-web-3", 10));
    assertThat(counter("orch.ingress.connections")).isEqualTo(30);
    assertThat(counter("orch.ingress.received")).isEqualTo(30 * 4);
    assertThat(meters.find("orch.ingress.backends").gauge().value()).isEqualTo(3);
  }

  @Test
  void aReplicaThatDiedBeforeItsEventIsSkippedWithoutFailingTheClient() throws IOException {
    ingress.declare("shop", stack(hostPort));
    replicas.get(1).close(); // killed: the engine's event has not arrived, so it is still in rotation

    List<String> served = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      served.add(ask(hostPort));
    }

    assertThat(served).doesNotContain("shop-web-2", "").contains("shop-web-1", "shop-web-3").hasSize(12);
    assertThat(counter("orch.ingress.backend.failures")).isPositive();
    assertThat(counter("orch.ingress.rejected")).isZero();
  }

  @Test
  void aReplicaThatTurnsUnhealthyGetsNoNewConnectionOnceTheViewChanged() throws IOException {
    ingress.declare("shop", stack(hostPort));
    put(3, State.RUNNING, Health.UNHEALTHY);
    ingress.containersChanged("shop");

    for (int i = 0; i < 12; i++) {
      assertThat(ask(hostPort)).isIn("shop-web-1", "shop-web-2");
    }
    assertThat(meters.find("orch.ingress.backends").gauge().value()).isEqualTo(2);

    put(3, State.RUNNING, Health.HEALTHY);
    ingress.containersChanged("shop");
    Set<String> back = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 6; i++) {
      back.add(ask(hostPort));
    }
    assertThat(back).contains("shop-web-3");
  }

  @Test
  void aPortTakenOnTheHostIsAServiceErrorAnnouncedOnceAndRetriedWithBackoff() throws IOException {
    int port = freePort();
    Declared first;
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", port));
      first = ingress.declare("shop", stack(port));
      Declared again = ingress.declare("shop", stack(port));

      assertThat(first.unbound()).containsOnlyKeys("web");
      assertThat(first.unbound().get("web")).contains("cannot listen on host port 127.0.0.1:" + port)
          .contains("service web").contains("another process holds it").contains("retrying in 1s");
      assertThat(first.news()).extracting(n -> n.change()).containsExactly(Change.BIND_FAILED);
      assertThat(first.retryIn()).contains(Duration.ofSeconds(1));
      assertThat(again.unbound()).containsOnlyKeys("web");
      assertThat(again.news()).as("announced once, not on every pass").isEmpty();
      assertThat(bound(port)).as("orch_ingress_bound while another process holds the port").isEqualTo(0.0);
    }
    clock.advance(Duration.ofSeconds(1));
    Declared freed = ingress.declare("shop", stack(port));

    assertThat(freed.unbound()).isEmpty();
    assertThat(freed.news()).extracting(n -> n.change()).containsExactly(Change.BOUND);
    assertThat(ask(port)).startsWith("shop-web-");
    assertThat(bound(port)).isEqualTo(1.0);
  }

  /** orch_ingress_bound of shop/web on {@code port}. */
  private double bound(int port) {
    return meters.get("orch.ingress.bound").tags("stack", "shop", "service", "web", "port", Integer.toString(port))
        .gauge().value();
  }

  @Test
  void aRemovedStackReleasesItsPort() throws IOException {
    ingress.declare("shop", stack(hostPort));
    Declared gone = ingress.declare("shop", null);

    assertThat(gone.news()).extracting(n -> n.change()).containsExactly(Change.UNBOUND);
    try (ServerSocket free = new ServerSocket()) {
      free.bind(new InetSocketAddress("127.0.0.1", hostPort));
      assertThat(free.isBound()).isTrue();
    }
    assertThat(meters.find("orch.ingress.connections").counters()).as("its meters are gone too").isEmpty();
    assertThat(meters.find("orch.ingress.bound").gauges()).isEmpty();
  }

  @Test
  void aDrainedReplicaGetsNoNewConnectionAndItsOpenOneMayFinish() throws Exception {
    ingress.declare("shop", stack(hostPort));
    // Hold one connection to each replica open (request sent, answer read, socket not closed).
    List<Socket> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = new Socket("127.0.0.1", hostPort);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET\n".getBytes(StandardCharsets.UTF_8));
      byte[] reply = new byte[64];
      int n = s.getInputStream().read(reply);
      assertThat(n).isPositive();
      open.add(s);
    }

    CompletableFuture<Void> drain = CompletableFuture.runAsync(
        () -> ingress.drain("shop", "web", "id2", Duration.ofMinutes(5)));
    // While it drains, new connections go to the others only...
    for (int i = 0; i < 6; i++) {
      assertThat(ask(hostPort)).isIn("shop-web-1", "shop-web-3");
    }
    assertThat(drain).as("waits for the open connection of web-2").isNotDone();
    // ...and once the client of web-2 is done, the drain ends well before its grace period.
    for (Socket s : open) {
      s.close();
    }
    drain.get(60, TimeUnit.SECONDS);

    // Stopped and started again (a restart in place): it serves again.
    put(2, State.EXITED, Health.NONE);
    ingress.containersChanged("shop");
    put(2, State.RUNNING, Health.NONE);
    ingress.containersChanged("shop");
    Set<String> served = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 6; i++) {
      served.add(ask(hostPort));
    }
    assertThat(served).contains("shop-web-2");
  }
}
