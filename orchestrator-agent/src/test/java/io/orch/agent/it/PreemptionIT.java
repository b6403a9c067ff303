package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.orch.agent.AgentMain;
import io.orch.agent.testing.AgentProcess;
import io.orch.api.client.OrchClient;
import io.orch.api.client.OrchClientException;
import io.orch.api.dto.DiagnosticDto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Bounds and preemption: a DELETE stops a long scale-up within the actions under way; replica counts are bounded. */
class PreemptionIT extends AgentItBase {
  private static final String REPLICAS = """
      services:
        web:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          deploy:
            replicas: N
      """;

  private static String replicas(int n) {
    return REPLICAS.replace("N", Integer.toString(n));
  }

  @Test
  void aDeleteDuringAScaleUpStopsCreationWithinOneBatchAndRemovesEverything() throws Exception {
    List<Instant> creates = new CopyOnWriteArrayList<>();
    ResultCallback.Adapter<Event> watch = docker.eventsCmd()
        .withLabelFilter("io.orch.stack=" + stack).withEventFilter("create")
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Event e) {
            creates.add(Instant.EPOCH.plusNanos(e.getTimeNano()));
          }
        });
    try {
      submit(replicas(200));
      await("some replicas created").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
          .until(() -> containers().size() >= 10);

      client().delete(stack, false);
      Instant answered = Instant.now();

      await("stack removed").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
          .until(() -> client().stack(stack).isEmpty());
      assertThat(containers()).as("containers left after removal").isEmpty();
      long createdAfterDelete = creates.stream().filter(t -> t.isAfter(answered)).count();
      // Only the creates already under way may finish: at most one per engine worker, never the rest of the 200.
      assertThat(createdAfterDelete).as("containers created after the DELETE was answered (%d in all)",
          creates.size()).isLessThanOrEqualTo(AgentMain.CONTAINER_WORKERS);
      assertThat(creates).as("containers created in all").hasSizeLessThan(200);
    } finally {
      watch.close();
    }
  }

  @Test
  void aStackFileOverTheReplicaLimitIs422WithItsPathAndChangesNothing() {
    assertThatThrownBy(() -> submit(replicas(100000)))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.diagnostics()).extracting(DiagnosticDto::path).containsExactly("services.web.deploy.replicas");
          assertThat(e.diagnostics().get(0).message()).contains("over the limit of 1000");
          assertThat(e.diagnostics().get(0).hint()).contains("--max-replicas");
        });

    assertThat(client().stack(stack)).isEmpty();
    assertThat(containers()).isEmpty();
  }

  @Test
  void scalingOverTheReplicaLimitIs422AndChangesNothing() {
    submit(replicas(1));
    awaitConverged(Duration.ofSeconds(60));

    assertThatThrownBy(() -> client().scale(stack, "web", 100000))
        .isInstanceOfSatisfying(OrchClientException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.getMessage()).contains("over the limit of 1000").contains("--max-replicas");
        });

    assertThat(service("web").desired()).isEqualTo(1);
    assertThat(client().stack(stack).orElseThrow().generation()).isEqualTo(1);
  }

  @Test
  void theAgentsMaxReplicasBoundsFilesAndScalingAlike() throws Exception {
    try (AgentProcess limited = AgentProcess.start("--max-replicas", "2")) {
      OrchClient c = limited.client();
      byte[] three = replicas(3).replace("IMAGE", image).getBytes(StandardCharsets.UTF_8);
      byte[] two = replicas(2).replace("IMAGE", image).getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> c.submit(stack, three, "application/yaml", true))
          .isInstanceOfSatisfying(OrchClientException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.diagnostics().get(0).message()).contains("over the limit of 2 per service");
          });
      c.submit(stack, two, "application/yaml", false);
      assertThatThrownBy(() -> c.scale(stack, "web", 3))
          .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.status()).isEqualTo(422));
      assertThat(c.scale(stack, "web", 1).desired()).isEqualTo(1);
    }
  }
}
