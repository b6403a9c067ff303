package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.ServiceStatusDto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A network or volume made outside orch whose name a stack asks orch to create (`name:` without `external: true`) is
 * never adopted: the service fails naming it and the fix, an event says so, no replica joins or mounts it, and no
 * event claims a creation. Declared external, the same objects are used.
 */
class ForeignNamesakeIT extends AgentItBase {
  private static final String STACK = """
      services:
        web:
          image: IMAGE
          command: ["sleep", "86400"]
          networks: [front]
          volumes: ["data:/data"]
      networks:
        front:
          name: NET
          EXTERNAL
      volumes:
        data:
          name: VOL
          EXTERNAL
      """;

  @Test
  void anUnlabelledNetworkAndVolumeOfTheSameNameAreNotUsedUntilDeclaredExternal() throws Exception {
    String net = "fa-foreign-net-" + stack;
    String vol = "fa-foreign-vol-" + stack;
    docker.createNetworkCmd().withName(net).withDriver("bridge").exec();
    docker.createVolumeCmd().withName(vol).exec();
    List<EventDto> events = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> client().streamEvents(0, stack, null, null, e -> {
      synchronized (events) {
        events.add(e);
      }
      return !done.get();
    }));
    try {
      submit(STACK.replace("NET", net).replace("VOL", vol).replace("EXTERNAL", ""));

      await("web failed naming the foreign network").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> service("web").state() == ServiceStatusDto.State.FAILED);
      ServiceStatusDto web = service("web");
      assertThat(web.lastError()).contains("network " + net).contains("external: true").contains("another name");
      await("an event names the volume too").atMost(Duration.ofSeconds(30)).until(() -> {
        synchronized (events) {
          return events.stream().anyMatch(e -> e.message() != null && e.message().contains("volume " + vol)
              && e.message().contains("external: true"));
        }
      });
      assertThat(containers()).as("no replica joins or mounts what orch does not own").isEmpty();
      assertThat(docker.inspectNetworkCmd().withNetworkId(net).exec().getContainers()).isNullOrEmpty();
      assertThat(docker.inspectNetworkCmd().withNetworkId(net).exec().getLabels()).isNullOrEmpty();
      assertThat(docker.inspectVolumeCmd(vol).exec().getLabels()).isNullOrEmpty();
      synchronized (events) {
        assertThat(events).extracting(EventDto::type).doesNotContain("network.created", "volume.created");
      }

      submit(STACK.replace("NET", net).replace("VOL", vol).replace("EXTERNAL", "external: true"));
      awaitConverged(Duration.ofSeconds(90));
      List<Container> replicas = containers("web");
      assertThat(replicas).hasSize(1);
      InspectContainerResponse c = docker.inspectContainerCmd(replicas.get(0).getId()).exec();
      assertThat(c.getNetworkSettings().getNetworks()).containsKey(net);
      assertThat(c.getMounts()).anySatisfy(m -> assertThat(m.getName()).isEqualTo(vol));
    } finally {
      done.set(true);
      client().delete(stack, false);
      await().atMost(Duration.ofSeconds(60)).until(() -> client().stack(stack).isEmpty());
      stream.cancel(true);
      docker.removeNetworkCmd(net).exec();
      docker.removeVolumeCmd(vol).exec();
    }
  }
}
