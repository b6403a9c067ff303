package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HealthCheck;
import io.orch.api.dto.ServiceStatusDto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 10, where the engine takes part: an unset environment name passed bare removes the image's own ENV,
 * healthcheck timing without a test keeps the image's HEALTHCHECK test, and a service awaited with
 * service_completed_successfully runs once instead of being restarted after it exits 0.
 */
class ComposeReadingIT extends AgentItBase {
  /** busybox with ENV DEBUG=1 and a HEALTHCHECK of its own (probing once an hour unless told otherwise). */
  private static String imageWithEnvAndHealthcheck;

  @BeforeAll
  static void buildImage() throws IOException {
    Path context = Files.createTempDirectory("orch-compose-reading");
    Files.writeString(context.resolve("Dockerfile"), "FROM " + image + "\nENV DEBUG=1\n"
        + "HEALTHCHECK --interval=1h --retries=1 CMD touch /tmp/probed\n");
    imageWithEnvAndHealthcheck = "orch-it-compose-reading:" + UUID.randomUUID().toString().substring(0, 8);
    docker.buildImageCmd(context.toFile()).withTags(Set.of(imageWithEnvAndHealthcheck)).start().awaitImageId();
  }

  @AfterAll
  static void removeImage() {
    if (imageWithEnvAndHealthcheck != null) {
      docker.removeImageCmd(imageWithEnvAndHealthcheck).withForce(true).exec();
    }
  }

  @Test
  void anUnsetNameIsPassedBareAndHealthcheckTimingKeepsTheImagesTest() {
    submit("""
        services:
          web:
            image: %s
            command: ["sh", "-c", "exec sleep 3600"]
            init: true
            stop_grace_period: 1s
            environment: [DEBUG, "KEPT=yes"]
            healthcheck: {interval: 1s, retries: 2}
        """.formatted(imageWithEnvAndHealthcheck));
    await().atMost(Duration.ofMinutes(2)).until(() -> containers("web").size() == 1
        && "running".equals(containers("web").get(0).getState()));
    InspectContainerResponse inspected = docker.inspectContainerCmd(containers("web").get(0).getId()).exec();
    List<String> env = Arrays.asList(inspected.getConfig().getEnv());
    // Compose passes DEBUG bare: the engine then drops the image's ENV DEBUG=1.
    assertThat(env).contains("KEPT=yes").noneMatch(e -> e.equals("DEBUG=1") || e.startsWith("DEBUG="));
    HealthCheck hc = inspected.getConfig().getHealthcheck();
    assertThat(hc.getTest()).containsExactly("CMD-SHELL", "touch /tmp/probed");
    assertThat(hc.getInterval()).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(hc.getRetries()).isEqualTo(2);
    // The image's test runs at the file's interval (the image's own would wait an hour).
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(service("web").healthy()).isEqualTo(1));
  }

  @Test
  void aServiceAwaitedToCompleteRunsOnce() {
    submit("""
        services:
          init:
            image: IMAGE
            command: ["sh", "-c", "echo migrated"]
          web:
            image: IMAGE
            command: ["sh", "-c", "exec sleep 3600"]
            init: true
            stop_grace_period: 1s
            depends_on:
              init: {condition: service_completed_successfully}
        """);
    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      assertThat(service("web").running()).isEqualTo(1);
      assertThat(service("init").state()).isEqualTo(ServiceStatusDto.State.COMPLETED);
    });
    // Before, orch's default restart (any) started it again after each exit 0.
    await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      List<Container> init = containers("init");
      assertThat(init).hasSize(1);
      assertThat(init.get(0).getState()).isEqualTo("exited");
      assertThat(service("init").containers().get(0).restarts()).isZero();
    });
  }

  /** {@code links: ["db:database"]}: before, ignored (a warning), so "database" did not resolve from web. */
  @Test
  void aLinkAliasResolvesFromTheLinkingService() {
    submit("""
        services:
          db:
            image: IMAGE
            command: ["sh", "-c", "exec sleep 3600"]
            init: true
            stop_grace_period: 1s
          web:
            image: IMAGE
            command:
              - sh
              - -c
              - until ping -c 1 -W 1 database >/dev/null 2>&1; do sleep 1; done; touch /tmp/ok; exec sleep 3600
            init: true
            stop_grace_period: 1s
            links: ["db:database"]
            healthcheck: {test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 1}
        """);
    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(service("web").healthy()).isEqualTo(1));
    assertThat(client().stack(stack).orElseThrow().topology()).anySatisfy(t -> {
      assertThat(t.service()).isEqualTo("web");
      assertThat(t.dependsOn()).containsKey("db");
    });
  }
}
