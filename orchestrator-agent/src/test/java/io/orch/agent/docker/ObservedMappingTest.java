package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.ObservedContainer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Engine JSON as the 20.10 engine writes it, read by docker-java, mapped to core records. */
class ObservedMappingTest {
  /** docker-java's own reader configuration (it ignores fields newer engines add). */
  private static final ObjectMapper JSON =
      DefaultDockerClientConfig.createDefaultConfigBuilder().build().getObjectMapper();

  private static InspectContainerResponse inspect(String stateJson) throws Exception {
    return JSON.readValue("""
        {"Id":"abc","Name":"/shop-web-1","Config":{"Image":"busybox:1.36","Labels":{"io.orch.slot":"2"}},
         "State":%s}""".formatted(stateJson), InspectContainerResponse.class);
  }

  @Test
  void exitedContainerKeepsExitCodeOomAndTimes() throws Exception {
    ObservedContainer c = ObservedMapping.container(inspect("""
        {"Status":"exited","Running":false,"OOMKilled":true,"ExitCode":137,"Error":"",
         "StartedAt":"2026-11-26T22:24:42.566279311Z","FinishedAt":"2026-11-26T22:24:43.1Z",
         "Health":{"Status":"unhealthy","FailingStreak":3}}"""));

    assertThat(c.id()).isEqualTo("abc");
    assertThat(c.name()).isEqualTo("shop-web-1");
    assertThat(c.image()).isEqualTo("busybox:1.36");
    assertThat(c.slot()).isEqualTo(2);
    assertThat(c.state()).isEqualTo(ObservedContainer.State.EXITED);
    assertThat(c.health()).isEqualTo(ObservedContainer.Health.UNHEALTHY);
    assertThat(c.exitCode()).isEqualTo(137);
    assertThat(c.oomKilled()).isTrue();
    assertThat(c.startedAt()).isEqualTo(Instant.parse("2026-11-26T22:24:42.566279311Z"));
    assertThat(c.finishedAt()).isEqualTo(Instant.parse("2026-11-26T22:24:43.1Z"));
    assertThat(c.error()).as("blank engine error means none").isNull();
  }

  @Test
  void aStoppedContainerKeepsTheHealthItHadNotTheEnginesStoppedUnhealthy() throws Exception {
    // What engine 20.10 reports for a replica killed (SIGKILL) while healthy: "unhealthy", with a streak of 0.
    ObservedContainer killedWhileHealthy = ObservedMapping.container(inspect("""
        {"Status":"exited","Running":false,"ExitCode":137,
         "StartedAt":"2026-12-07T21:37:50.904264041Z","FinishedAt":"2026-12-07T21:37:55.070614181Z",
         "Health":{"Status":"unhealthy","FailingStreak":0,"Log":[
           {"Start":"2026-12-07T21:37:51.9Z","End":"2026-12-07T21:37:51.98Z","ExitCode":0,"Output":""},
           {"Start":"2026-12-07T21:37:54.06Z","End":"2026-12-07T21:37:54.14Z","ExitCode":0,"Output":""}]}}"""));
    assertThat(killedWhileHealthy.health()).isEqualTo(ObservedContainer.Health.HEALTHY);

    ObservedContainer failedItsCheck = ObservedMapping.container(inspect("""
        {"Status":"exited","ExitCode":137,"StartedAt":"2026-12-07T21:37:50Z","FinishedAt":"2026-12-07T21:38:55Z",
         "Health":{"Status":"unhealthy","FailingStreak":3,"Log":[{"ExitCode":0},{"ExitCode":1},{"ExitCode":1},
           {"ExitCode":1}]}}"""));
    assertThat(failedItsCheck.health()).as("3 failures in a row: the default retries").isEqualTo(
        ObservedContainer.Health.UNHEALTHY);

    ObservedContainer neverPassed = ObservedMapping.container(inspect("""
        {"Status":"exited","ExitCode":1,"StartedAt":"2026-12-07T21:37:50Z","FinishedAt":"2026-12-07T21:37:52Z",
         "Health":{"Status":"unhealthy","FailingStreak":1,"Log":[{"ExitCode":1}]}}"""));
    assertThat(neverPassed.health()).isEqualTo(ObservedContainer.Health.STARTING);

    ObservedContainer running = ObservedMapping.container(inspect("""
        {"Status":"running","Running":true,"StartedAt":"2026-12-07T21:37:50Z",
         "Health":{"Status":"unhealthy","FailingStreak":1,"Log":[{"ExitCode":1}]}}"""));
    assertThat(running.health()).as("a running container's status is the engine's").isEqualTo(
        ObservedContainer.Health.UNHEALTHY);
  }

  @Test
  void aStoppedContainersFailingStreakCountsAgainstItsOwnRetries() throws Exception {
    InspectContainerResponse inspect = JSON.readValue("""
        {"Id":"abc","Name":"/shop-web-1","Config":{"Image":"busybox:1.36","Healthcheck":{"Test":["CMD","true"],
         "Retries":5}},
         "State":{"Status":"exited","ExitCode":137,"StartedAt":"2026-12-07T21:37:50Z",
         "FinishedAt":"2026-12-07T21:38:55Z","Health":{"Status":"unhealthy","FailingStreak":4,"Log":[
           {"ExitCode":0},{"ExitCode":1},{"ExitCode":1},{"ExitCode":1},{"ExitCode":1}]}}}""",
        InspectContainerResponse.class);
    assertThat(ObservedMapping.container(inspect).health()).as("4 of 5 retries: still healthy").isEqualTo(
        ObservedContainer.Health.HEALTHY);
  }

  @Test
  void theNewestHealthProbeOutputIsKeptTrimmedAndCut() throws Exception {
    ObservedContainer c = ObservedMapping.container(inspect("""
        {"Status":"running","Running":true,"StartedAt":"2026-11-26T22:24:42Z",
         "Health":{"Status":"unhealthy","FailingStreak":2,"Log":[
           {"Start":"2026-11-26T22:24:50Z","End":"2026-11-26T22:24:50Z","ExitCode":0,"Output":"ok\\n"},
           {"Start":"2026-11-26T22:24:55Z","End":"2026-11-26T22:24:55Z","ExitCode":1,
            "Output":"wget: server returned error: HTTP/1.1 503 Service Unavailable\\n"}]}}"""));

    assertThat(c.healthOutput()).isEqualTo("wget: server returned error: HTTP/1.1 503 Service Unavailable");

    ObservedContainer page = ObservedMapping.container(inspect("""
        {"Status":"running","Health":{"Status":"healthy","Log":[{"ExitCode":0,"Output":"%s"}]}}"""
        .formatted("x".repeat(5000))));
    assertThat(page.healthOutput()).hasSize(ObservedContainer.HEALTH_OUTPUT_LIMIT).endsWith("…");
    assertThat(ObservedMapping.container(inspect("{\"Status\":\"running\"}")).healthOutput())
        .as("no health check").isNull();
  }

  @Test
  void neverStartedContainerHasNoExitCodeAndNoTimes() throws Exception {
    ObservedContainer c = ObservedMapping.container(inspect("""
        {"Status":"created","ExitCode":0,"StartedAt":"0001-01-01T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z",
         "Error":"OCI runtime create failed: exec: \\"nope\\": executable file not found in $PATH"}"""));

    assertThat(c.state()).isEqualTo(ObservedContainer.State.CREATED);
    assertThat(c.exitCode()).isNull();
    assertThat(c.startedAt()).isNull();
    assertThat(c.finishedAt()).isNull();
    assertThat(c.health()).isEqualTo(ObservedContainer.Health.NONE);
    assertThat(c.error()).contains("executable file not found");
  }

  @Test
  void dieEventKeepsNanosecondTimeAndAttributes() throws Exception {
    Event event = JSON.readValue("""
        {"status":"die","id":"abc","from":"busybox:1.36","Type":"container","Action":"die",
         "Actor":{"ID":"abc","Attributes":{"exitCode":"137","io.orch.stack":"shop","name":"shop-web-1"}},
         "scope":"local","time":1764195883,"timeNano":1764195883123456789}""", Event.class);

    EngineEvent mapped = ObservedMapping.event(event);

    assertThat(mapped.type()).isEqualTo("container");
    assertThat(mapped.action()).isEqualTo("die");
    assertThat(mapped.id()).isEqualTo("abc");
    assertThat(mapped.attributes()).containsEntry("exitCode", "137").containsEntry("io.orch.stack", "shop");
    assertThat(mapped.time()).isEqualTo(Instant.ofEpochSecond(1764195883L, 123456789L));
  }

  @Test
  void healthStatusEventKeepsTheFullAction() throws Exception {
    Event event = JSON.readValue("""
        {"Type":"container","Action":"health_status: unhealthy","Actor":{"ID":"abc","Attributes":{}},
         "time":1764195883}""", Event.class);

    EngineEvent mapped = ObservedMapping.event(event);

    assertThat(mapped.action()).isEqualTo("health_status: unhealthy");
    assertThat(mapped.time()).isEqualTo(Instant.ofEpochSecond(1764195883L));
  }
}
