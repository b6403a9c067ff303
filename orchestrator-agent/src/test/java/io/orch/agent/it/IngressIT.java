package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import io.orch.agent.testing.Scrape;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.ServiceStatusDto;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * orch's ingress against the real engine: busybox httpd replicas, each serving its own hostname, behind one host
 * port the agent binds. Requests are plain HTTP/1.0, one connection each, so every request is a new choice of replica.
 */
class IngressIT extends AgentItBase {
  private static final String WEB = """
      services:
        web:
          image: IMAGE
          command: ["sh", "-c", "mkdir -p /tmp/www && echo $$HOSTNAME > /tmp/www/index.html && touch /tmp/healthy \
      && exec httpd -f -p 8080 -h /tmp/www"]
          init: true
          stop_grace_period: GRACE
          ports: ["127.0.0.1:PORT:8080"]
          deploy:
            replicas: 3
            restart_policy: {condition: none}
      """;

  /** One request: when it started, whether it got a 200, and which replica (hostname) answered. */
  record Reply(long startedNanos, boolean ok, String replica, String error) {}

  @BeforeEach
  void taggedStackName() {
    stack = "h10i" + UUID.randomUUID().toString().substring(0, 8); // this branch's prefix on the shared engine
  }

  private static String web(int port, String grace, String extra) {
    return WEB.replace("PORT", Integer.toString(port)).replace("GRACE", grace) + extra;
  }

  static Reply get(int port) {
    long started = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET / HTTP/1.0\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return reply(started, s.getInputStream());
    } catch (IOException e) {
      return new Reply(started, false, null, e.toString());
    }
  }

  private static Reply reply(long started, InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int body = text.indexOf("\r\n\r\n");
    boolean ok = text.startsWith("HTTP/1.0 200") || text.startsWith("HTTP/1.1 200");
    return new Reply(started, ok && body >= 0, body < 0 ? null : text.substring(body + 4).trim(),
        ok ? null : "reply: " + text.lines().findFirst().orElse("(nothing)"));
  }

  /** Hostname (what each replica serves) to container name. */
  private Map<String, String> hostnames() {
    Map<String, String> names = new HashMap<>();
    for (Container c : containers("web")) {
      names.put(docker.inspectContainerCmd(c.getId()).exec().getConfig().getHostName(), name(c));
    }
    return names;
  }

  private String hostnameOf(String container) {
    return docker.inspectContainerCmd(container).exec().getConfig().getHostName();
  }

  /** Sends requests one after another on a background thread until closed. */
  private static final class Load implements Closeable {
    final List<Reply> replies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> done;

    Load(int port) {
      done = CompletableFuture.runAsync(() -> {
        while (running.get()) {
          replies.add(get(port));
        }
      });
    }

    List<Reply> startedAfter(long nanos) {
      return replies.stream().filter(r -> r.startedNanos() > nanos).toList();
    }

    @Override
    public void close() {
      running.set(false);
      done.join();
    }
  }

  /** The moment (System.nanoTime) the engine's event {@code action} about {@code containerId} reached this test. */
  private Closeable onEngineEvent(String containerId, String action, AtomicLong at) {
    return docker.eventsCmd().withContainerFilter(containerId).exec(new ResultCallback.Adapter<Event>() {
      @Override
      public void onNext(Event e) {
        String a = e.getAction() != null ? e.getAction() : e.getStatus();
        if (a != null && a.startsWith(action)) {
          at.compareAndSet(0, System.nanoTime());
        }
      }
    });
  }

  private double metric(String series) {
    Double v = Scrape.of(agent.addr()).value(series);
    return v == null ? -1 : v;
  }

  private String series(String name, int port) {
    return name + "{port=\"" + port + "\",service=\"web\",stack=\"" + stack + "\"}";
  }

  @Test
  void threeReplicasBehindOnePublishedHostPortAllReceiveConnections() {
    int port = 18111;
    submit(web(port, "2s", ""));
    awaitConverged(Duration.ofSeconds(90));
    Map<String, String> replicas = hostnames();
    assertThat(replicas).hasSize(3);
    assertThat(containers("web")).allSatisfy(c -> assertThat(c.getPorts())
        .as("no replica publishes the port itself").allSatisfy(p -> assertThat(p.getPublicPort()).isNull()));

    Map<String, Integer> served = new HashMap<>();
    await("every replica answers through 127.0.0.1:" + port).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Reply r = get(port);
      assertThat(r.ok()).as(r.toString()).isTrue();
      served.merge(replicas.getOrDefault(r.replica(), "unknown " + r.replica()), 1, Integer::sum);
      assertThat(served.keySet()).containsExactlyInAnyOrder(stack + "-web-1", stack + "-web-2", stack + "-web-3");
    });
    assertThat(metric(series("orch_ingress_backends", port))).isEqualTo(3.0);
    assertThat(metric(series("orch_ingress_connections_total", port))).isGreaterThanOrEqualTo(3.0);
  }

  @Test
  void aReplicaKilledWithSignal9GetsNoConnectionAndNoRequestFailsAfterItsEvent() throws Exception {
    int port = 18112;
    submit(web(port, "2s", ""));
    awaitConverged(Duration.ofSeconds(90));
    String victim = containers("web").get(1).getId();
    String victimHost = hostnameOf(victim);
    AtomicLong died = new AtomicLong();

    try (Closeable watch = onEngineEvent(victim, "die", died); Load load = new Load(port)) {
      await("load running").atMost(Duration.ofSeconds(30)).until(() -> load.replies.size() >= 20);
      docker.killContainerCmd(victim).withSignal("KILL").exec();
      await("the engine's die event").atMost(Duration.ofSeconds(30)).until(() -> died.get() != 0);
      await("the agent saw it").atMost(Duration.ofSeconds(30))
          .until(() -> service("web").running() == 2 && metric(series("orch_ingress_backends", port)) == 2.0);
      long sawIt = System.nanoTime();
      await("requests after the event").atMost(Duration.ofSeconds(60))
          .until(() -> load.startedAfter(sawIt).size() >= 60);
      load.close();

      List<Reply> afterEvent = load.startedAfter(died.get());
      assertThat(afterEvent).as("requests that started after the engine's die event").isNotEmpty()
          .allSatisfy(r -> assertThat(r.ok()).as(r.toString()).isTrue())
          .noneSatisfy(r -> assertThat(r.replica()).isEqualTo(victimHost));
      assertThat(load.startedAfter(sawIt)).extracting(Reply::replica).doesNotContain(victimHost)
          .hasSizeGreaterThanOrEqualTo(60);
      assertThat(new TreeSet<>(load.startedAfter(sawIt).stream().map(Reply::replica).toList()))
          .as("the two others share the load").hasSize(2);
    }
  }

  @Test
  void aReplicaThatTurnsUnhealthyLeavesTheRotationOnTheEngineEvent() throws Exception {
    int port = 18113;
    submit(web(port, "2s", """
          healthcheck:
            test: ["CMD", "test", "-f", "/tmp/healthy"]
            interval: 1s
            timeout: 1s
            retries: 1
          x-orch: {on_unhealthy: ignore}
      """));
    awaitConverged(Duration.ofSeconds(90));
    String sick = containers("web").get(2).getId();
    String sickHost = hostnameOf(sick);
    AtomicLong unhealthy = new AtomicLong();

    try (Closeable watch = onEngineEvent(sick, "health_status: unhealthy", unhealthy); Load load = new Load(port)) {
      await("load reaches the replica").atMost(Duration.ofSeconds(30))
          .until(() -> load.replies.stream().anyMatch(r -> sickHost.equals(r.replica())));
      ExecCreateCmdResponse exec = docker.execCreateCmd(sick).withCmd("rm", "/tmp/healthy").exec();
      docker.execStartCmd(exec.getId()).start().awaitCompletion(10, TimeUnit.SECONDS);
      await("the engine's unhealthy event").atMost(Duration.ofSeconds(30)).until(() -> unhealthy.get() != 0);
      // The agent's view changed when its status says so; the rotation changed before (same informer update).
      await("the agent saw it").atMost(Duration.ofSeconds(30)).until(() -> service("web").healthy() == 2);
      long sawIt = System.nanoTime();
      await("requests after the event").atMost(Duration.ofSeconds(60))
          .until(() -> load.startedAfter(sawIt).size() >= 60);
      load.close();

      assertThat(load.startedAfter(sawIt)).allSatisfy(r -> {
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.replica()).as("the unhealthy replica still answers httpd, but gets no connection")
            .isNotEqualTo(sickHost);
      });
      assertThat(load.replies).as("no request failed at all").allSatisfy(r -> assertThat(r.ok()).isTrue());
      assertThat(metric(series("orch_ingress_backends", port))).isEqualTo(2.0);
    }
  }

  @Test
  void aHostPortTakenByAnotherProcessIsAServiceErrorAndAnEventThenServedOnceFree() throws Exception {
    int port = 18114;
    ServerSocket squatter = new ServerSocket();
    squatter.setReuseAddress(true);
    squatter.bind(new InetSocketAddress("127.0.0.1", port));
    try {
      submit(web(port, "2s", ""));
      await("service error").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        ServiceStatusDto s = service("web");
        assertThat(s.running()).isEqualTo(3);
        assertThat(s.state()).as("replicas up, port not served").isEqualTo(ServiceStatusDto.State.DEGRADED);
        assertThat(s.lastError()).contains("cannot listen on host port 127.0.0.1:" + port)
            .contains("another process holds it");
      });
      assertThat(client().stacks()).filteredOn(x -> x.name().equals(stack)).singleElement()
          .satisfies(x -> assertThat(x.status()).as("orch ls").isEqualTo(StackSummaryDto.Status.DEGRADED));
      assertThat(metric(series("orch_ingress_bound", port))).isEqualTo(0.0);
      OrchCli.Run ps = OrchCli.run(agent, 1, "ps", "-p", stack);
      assertThat(ps.out()).as("orch ps").contains(stack + "/web: degraded: cannot listen on host port 127.0.0.1:"
          + port);
      List<EventDto> failed = new CopyOnWriteArrayList<>();
      CompletableFuture.runAsync(() -> client().streamEvents(0, stack, "web", "ingress.bind_failed",
          e -> !failed.add(e))).get(30, TimeUnit.SECONDS);
      assertThat(failed).singleElement().satisfies(e -> assertThat(e.message()).contains("127.0.0.1:" + port));
    } finally {
      squatter.close();
    }
    await("served once the port is free (retried with backoff)").atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> {
          assertThat(get(port).ok()).isTrue();
          assertThat(service("web").state()).isEqualTo(ServiceStatusDto.State.RUNNING);
          assertThat(service("web").lastError()).isNull();
          assertThat(metric(series("orch_ingress_bound", port))).isEqualTo(1.0);
        });
  }

  @Test
  void scaleDownDrainsTheRemovedReplicasBeforeStoppingThem() throws Exception {
    int port = 18115;
    submit(web(port, "30s", ""));
    awaitConverged(Duration.ofSeconds(90));
    Map<String, String> replicas = hostnames();

    // Three requests under way, one per replica (round-robin): headers sent but not finished, so httpd waits.
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(60_000);
      s.getOutputStream().write("GET / HTTP/1.0\r\nHost: test\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      held.add(s);
    }
    await("the held connections reached the replicas").atMost(Duration.ofSeconds(30))
        .until(() -> metric(series("orch_ingress_connections_active", port)) == 3.0);

    // 3 -> 2 keeps the ingress (at 1 replica, stop-first, the engine would publish the port and every replica be
    // replaced): replica 3 alone is removed.
    client().scale(stack, "web", 2);
    await("replica 3 out of rotation").atMost(Duration.ofSeconds(30))
        .until(() -> metric(series("orch_ingress_backends", port)) == 2.0);
    Set<String> servedMeanwhile = new TreeSet<>();
    for (int i = 0; i < 8; i++) {
      Reply r = get(port);
      assertThat(r.ok()).as(r.toString()).isTrue();
      servedMeanwhile.add(replicas.get(r.replica()));
    }
    assertThat(servedMeanwhile).containsExactly(stack + "-web-1", stack + "-web-2");
    assertThat(containers("web")).as("still draining: nothing stopped yet")
        .allSatisfy(c -> assertThat(c.getState()).isEqualTo("running")).hasSize(3);

    // The requests under way finish, the one on replica 3 too, though it is being removed.
    Set<String> finishedOn = new TreeSet<>();
    for (Socket s : held) {
      try (s; OutputStream out = s.getOutputStream()) {
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Reply r = reply(System.nanoTime(), s.getInputStream());
        assertThat(r.ok()).as("a request under way during the drain: " + r).isTrue();
        finishedOn.add(replicas.get(r.replica()));
      }
    }
    assertThat(finishedOn).containsExactlyInAnyOrder(stack + "-web-1", stack + "-web-2", stack + "-web-3");
    await("scaled down once drained").atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(containers("web")).extracting(AgentItBase::name)
            .containsExactly(stack + "-web-1", stack + "-web-2"));
  }
}
