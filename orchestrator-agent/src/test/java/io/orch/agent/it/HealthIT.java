package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HealthIT extends AgentItBase {
  @Test
  void replacesAnUnhealthyContainer() throws Exception {
    submit("""
        services:
          web:
            image: IMAGE
            command: ["sh", "-c", "touch /tmp/healthy; exec sleep 3600"]
            stop_grace_period: 1s
            healthcheck:
              test: ["CMD-SHELL", "test -f /tmp/healthy && echo found /tmp/healthy"]
              interval: 1s
              timeout: 1s
              retries: 2
        """);
    awaitConverged(Duration.ofSeconds(60));
    Container before = containers("web").get(0);
    // What the probe printed is in the replica's status (the page and `curl` show it).
    await("probe output in the status").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(service("web").containers()).singleElement()
            .satisfies(c -> assertThat(c.healthOutput()).isEqualTo("found /tmp/healthy")));

    ExecCreateCmdResponse exec = docker.execCreateCmd(before.getId()).withCmd("rm", "/tmp/healthy").exec();
    docker.execStartCmd(exec.getId()).start().awaitCompletion(10, TimeUnit.SECONDS);

    await("unhealthy container replaced").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<Container> now = containers("web");
      assertThat(now).hasSize(1);
      assertThat(now.get(0).getId()).isNotEqualTo(before.getId());
      assertThat(name(now.get(0))).isEqualTo(stack + "-web-1");
    });
    await("replacement healthy and counted as a restart").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      var web = service("web");
      assertThat(web.state().name()).isEqualTo("RUNNING");
      assertThat(web.healthy()).isEqualTo(1);
      assertThat(web.restarts()).isEqualTo(1);
    });
  }

  @Test
  void holdsADependentBackUntilItsDependencyIsHealthy() {
    submit("""
        services:
          db:
            image: IMAGE
            command: ["sh", "-c", "sleep 4; touch /tmp/ready; exec sleep 3600"]
            stop_grace_period: 1s
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/ready"]
              interval: 1s
              retries: 30
          web:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            depends_on:
              db: {condition: service_healthy}
        """);
    await("dependent created").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      boolean webExists = !containers("web").isEmpty();
      if (webExists) {
        String dbHealth = docker.inspectContainerCmd(containers("db").get(0).getId()).exec().getState().getHealth()
            .getStatus();
        assertThat(dbHealth).as("web was created only once db is healthy").isEqualTo("healthy");
      }
      return webExists;
    });
    awaitConverged(Duration.ofSeconds(60));
  }
}
