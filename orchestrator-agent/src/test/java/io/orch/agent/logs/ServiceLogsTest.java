package io.orch.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.agent.docker.EngineContractTest.SpecBuilder;
import io.orch.agent.observe.ContainerInformer;
import io.orch.agent.testing.FakeEngine;
import io.orch.agent.testing.MutableClock;
import io.orch.api.dto.LogLineDto;
import io.orch.api.server.LogLineSink;
import io.orch.core.plan.Labels;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `orch logs` of a service on the fake engine, with the agent's informer fed by the engine's events as in the agent:
 * time order without follow; with follow, a replica restarted (the same container, a new run) and a replica that
 * replaces another (a new container) go on printing, and nothing is printed twice.
 */
class ServiceLogsTest {
  private static final String IMAGE = "busybox:1.36";
  private final MutableClock clock = new MutableClock();
  private final FakeEngine engine = new FakeEngine(clock).addImage(IMAGE);
  private final ContainerInformer informer = new ContainerInformer(engine, clock);
  private final ServiceLogs logs = new ServiceLogs(engine, informer);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AtomicInteger ends = new AtomicInteger();
  private final AtomicBoolean serviceGone = new AtomicBoolean();
  private final LogLineSink sink = new LogLineSink() {
    @Override
    public void line(LogLineDto line) {
      lines.add(line.text("shop", false));
    }

    @Override
    public void end(Throwable error) {
      ends.incrementAndGet();
    }
  };
  private Closeable events;

  @BeforeEach
  void feedTheInformer() {
    events = engine.watchEvents(informer::apply, error -> { });
  }

  @AfterEach
  void stopFeeding() throws Exception {
    events.close();
  }

  private String replica(String name, int slot) {
    String id = engine.createContainer(new SpecBuilder("shop-" + name, IMAGE, List.of("sleep", "300"),
        Map.of(Labels.MANAGED, "true", Labels.STACK, "shop", Labels.SERVICE, "web", Labels.SLOT,
            Integer.toString(slot))).build());
    engine.startContainer(id);
    return id;
  }

  private void write(String id, String text) {
    clock.advance(Duration.ofMillis(10));
    engine.log(id, false, text);
  }

  @Test
  void withoutFollowTheReplicasLinesComeInTheOrderTheyWereWritten() throws Exception {
    String one = replica("web-1", 1);
    String two = replica("web-2", 2);
    write(one, "a");
    write(two, "b");
    write(one, "c");
    write(two, "d");

    logs.open("shop", "web", false, -1, sink, serviceGone::get);

    await().atMost(Duration.ofSeconds(10)).until(() -> ends.get() == 1);
    assertThat(lines).containsExactly("web-1 | a", "web-2 | b", "web-1 | c", "web-2 | d");
  }

  @Test
  void followPicksUpARestartedReplicaAndAReplacementWithoutRepeatingALine() throws Exception {
    String one = replica("web-1", 1);
    String two = replica("web-2", 2);
    informer.relist();
    write(one, "one before");
    AutoCloseable follow = logs.open("shop", "web", true, -1, sink, serviceGone::get);
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("web-1 | one before"));

    // web-1 is killed; its followed log ends with its run. The agent starts it again: the same container, a new run.
    engine.kill(one);
    clock.advance(Duration.ofSeconds(1));
    // The engine stamps a new run's first line before it records the start (the process writes at once): that
    // line is the new run's all the same.
    write(one, "one restarting");
    engine.startContainer(one);
    write(one, "one after restart");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("web-1 | one after restart"));

    // web-2 is replaced by a new container (orch restart, a rollout): the new one's lines come too.
    engine.stopContainer(two, Duration.ZERO);
    engine.removeContainer(two);
    String replacement = replica("web-2", 2);
    write(replacement, "the replacement");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("web-2 | the replacement"));

    write(one, "still one");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("web-1 | still one"));
    assertThat(lines).containsExactly("web-1 | one before", "web-1 | one restarting", "web-1 | one after restart",
        "web-2 | the replacement", "web-1 | still one");
    assertThat(ends).hasValue(0);
    follow.close();
  }

  @Test
  void followEndsOnceTheServiceIsGone() throws Exception {
    String one = replica("web-1", 1);
    informer.relist();
    logs.open("shop", "web", true, 0, sink, serviceGone::get);

    serviceGone.set(true);
    engine.stopContainer(one, Duration.ZERO);
    engine.removeContainer(one);

    await().atMost(Duration.ofSeconds(10)).until(() -> ends.get() == 1);
  }
}
