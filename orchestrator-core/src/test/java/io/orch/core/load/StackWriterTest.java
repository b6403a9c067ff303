package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.core.model.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StackWriterTest {
  private static final Map<String, String> ENV = Map.of("HOME", "/home/me");

  static Stack load(String yaml, Set<String> profiles) {
    LoadResult r = new StackLoader(ENV).loadText(yaml, "in.yml", null, "demo", profiles);
    assertThat(r.errors()).as("errors loading").isEmpty();
    return r.stack();
  }

  static void assertRoundTrips(Stack stack, Set<String> profiles) {
    String yaml = StackWriter.toYaml(stack);
    LoadResult again = new StackLoader(Map.of()).loadText(yaml, "config.yml", null, null, profiles);
    // A secret file that does not exist (the shared files ship none) is reported again on every load, as it should.
    assertThat(again.diagnostics()).as("diagnostics of the printed stack:\n" + yaml)
        .allSatisfy(d -> assertThat(d.message()).contains("not found: service"));
    assertThat(again.stack()).as("reloaded from:\n" + yaml).isEqualTo(stack);
    LoadResult fromJson = new StackLoader(Map.of()).loadText(StackWriter.toJson(stack), "config.json", null, null,
        profiles);
    assertThat(fromJson.stack()).as("reloaded from JSON").isEqualTo(stack);
    String stored = StackWriter.toStored(stack);
    LoadResult restored = StackLoader.readStored(stored, "stored.yml", stack.name());
    assertThat(restored.errors()).as("errors reading the stored form:\n" + stored).isEmpty();
    assertThat(restored.stack()).as("read back from the stored form:\n" + stored).isEqualTo(stack);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "services:\n  web:\n    image: nginx\n",
      """
      name: full
      services:
        web:
          image: "nginx:1.27"
          pull_policy: always
          command: sh -c 'echo $$HOME; echo "${HOME}"'
          entrypoint: []
          environment: {PRICE: "$$5", EMPTY: "", YES: "yes", NUM: "0755", MULTI: "a\\nb", NULLISH: "null"}
          env_file: []
          ports: ["127.0.0.1:8000-8001:80-81/udp", "9000"]
          expose: ["3000"]
          volumes: ["data:/data:ro", "/host:/in", "/anon", {type: tmpfs, target: /t, tmpfs: {size: 10m}}]
          tmpfs: ["/run:size=1k"]
          networks: {front: {aliases: [www, "w2"]}, default: }
          healthcheck: {test: ["CMD", "true"], interval: 1m30s, timeout: 1500ms, retries: 0, start_period: 2us}
          depends_on: {db: {condition: service_healthy, required: false}}
          labels: {"com.example.x": "$$y", "": z}
          user: "0"
          working_dir: /w
          hostname: h
          stop_signal: SIGINT
          stop_grace_period: 1h
          read_only: true
          cap_add: [A]
          cap_drop: [B]
          init: false
          privileged: true
          mem_limit: 1g
          cpus: 1.5
          pids_limit: -1
          profiles: [p1]
          restart: on-failure:5
          deploy:
            replicas: 0
            update_config: {order: stop-first, max_failure_ratio: 0.5, failure_action: continue}
            rollback_config: {parallelism: 3, order: start-first}
            resources: {reservations: {cpus: "0.1", memory: 1k}}
          x-orch: {on_unhealthy: ignore, backoff: {initial: 10ms}, ingress: false}
        db:
          image: pg
          network_mode: none
          healthcheck: {disable: true}
        cli:
          image: cli
          networks: []
          profiles: [other]
      networks:
        front: {driver: macvlan, internal: true, labels: {a: b}, driver_opts: {o: "1"}}
        ext: {external: true, name: real-net}
      volumes:
        data: {driver: local, labels: {k: v}}
        ext: {external: true}
      """,
      """
      services:
        api:
          image: api
          deploy: {replicas: 3, resources: {reservations: {cpus: "0.5"}, limits: {memory: 1g}}}
          x-orch:
            autoscale:
              min: 2
              max: 9
              cpu: 70%
              memory: 1000%
              scale_up: {stabilization: 10s, max_step: 2, period: 30s}
              scale_down: {stabilization: 1m30s, period: 1m}
        worker:
          image: w
          cpus: 2
          x-orch: {autoscale: {max: 4, cpu: 50}}
      """})
  void printedStackLoadsBackEqual(String yaml) {
    Stack stack = load(yaml, Set.of("p1"));
    assertRoundTrips(stack, Set.of("p1"));
  }

  @Test
  void printsComposeKeysDurationsAndBytes() throws IOException {
    Stack stack = load("""
        services:
          web:
            image: x
            stop_grace_period: 90s
            mem_limit: 512m
            environment: {PRICE: "$$5"}
        """, Set.of());
    JsonNode json = new ObjectMapper().readTree(StackWriter.toJson(stack));
    JsonNode web = json.at("/services/web");
    assertThat(web.at("/stop_grace_period").asText()).isEqualTo("1m30s");
    assertThat(web.at("/deploy/resources/limits/memory").asLong()).isEqualTo(512L * 1024 * 1024);
    assertThat(web.at("/environment/PRICE").asText()).isEqualTo("$$5");
    assertThat(web.at("/deploy/restart_policy/condition").asText()).isEqualTo("any");
    assertThat(web.at("/deploy/update_config/order").asText()).isEqualTo("stop-first");
    assertThat(json.at("/networks/default/driver").asText()).isEqualTo("bridge");
    assertThat(StackWriter.toYaml(stack)).startsWith("name: demo\nservices:\n  web:\n    image: x\n");
  }

  @TestFactory
  Stream<DynamicTest> everySharedComposeFileThatLoadsRoundTrips() throws IOException {
    return Stream.concat(SharedComposeFilesTest.files("awesome-compose").stream(),
            SharedComposeFilesTest.files("spec-examples").stream())
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
          LoadResult r = new StackLoader(SharedComposeFilesTest.ENV).load(file, "shared", Set.of("*"));
          if (r.ok()) {
            assertRoundTrips(r.stack(), Set.of("*"));
          }
        }));
  }

  @Test
  void awesomeComposeHasFilesThatLoad() throws IOException {
    long loaded = 0;
    for (Path file : SharedComposeFilesTest.files("awesome-compose")) {
      if (new StackLoader(SharedComposeFilesTest.ENV).load(file, "shared", Set.of()).ok()) {
        loaded++;
      }
    }
    assertThat(loaded).as("awesome-compose files without build:").isGreaterThanOrEqualTo(5);
  }

  @Test
  void printsTheAutoscaleBlockWithEveryDefault() throws IOException {
    Stack stack = load("services:\n  web:\n    image: x\n    cpus: 1\n    x-orch: {autoscale: {max: 4, cpu: 50}}\n",
        Set.of());
    JsonNode a = new ObjectMapper().readTree(StackWriter.toJson(stack)).at("/services/web/x-orch/autoscale");
    assertThat(a.toString()).isEqualTo("{\"min\":1,\"max\":4,\"cpu\":\"50%\","
        + "\"scale_up\":{\"stabilization\":\"0s\",\"max_step\":4,\"period\":\"15s\"},"
        + "\"scale_down\":{\"stabilization\":\"5m\",\"period\":\"15s\"}}");
  }

  @Test
  void writesNothingMissingForAnEmptyStack() {
    Stack empty = new StackLoader(ENV).loadText("services: {}\n", "e", null, "e", Set.of()).stack();
    assertThat(StackWriter.toYaml(empty)).isEqualTo("name: e\nservices: {}\n");
  }

  @Test
  void theStoredFormKeepsTheDigestAFileHadWhenSubmitted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    java.nio.file.Path pw = dir.resolve("pw.txt");
    java.nio.file.Files.writeString(pw, "hunter2");
    String yaml = "services:\n  web:\n    image: nginx\n    secrets: [pw, gone]\n"
        + "secrets:\n  pw:\n    file: " + pw + "\n  gone:\n    file: " + dir.resolve("gone.txt") + "\n";
    Stack submitted = new StackLoader(ENV).loadText(yaml, "in.yml", null, "demo", Set.of()).stack();
    java.nio.file.Files.writeString(pw, "changed since");

    Stack restored = StackLoader.readStored(StackWriter.toStored(submitted), "stored.yml", "demo").stack();

    // An agent restart must not roll the service: only a new submission takes the file's new bytes.
    assertThat(restored).isEqualTo(submitted);
    assertThat(restored.service("web").secrets().get(0).from().digest())
        .isEqualTo(io.orch.core.model.FileSource.sha256("hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(restored.service("web").secrets().get(1).from().digest()).isNull();
    // The pin is the agent's own: neither what orch config prints nor what the CLI sends carries it.
    assertThat(StackWriter.toYaml(submitted)).doesNotContain("x-orch-digest");
    assertThat(StackWriter.toSubmission(submitted)).doesNotContain("x-orch-digest");
    // A submission that carries one (curl) does not choose its digest: the file is read.
    Stack sent = new StackLoader(ENV).loadText(StackWriter.toStored(submitted), "in.yml", null, "demo", Set.of())
        .stack();
    assertThat(sent.service("web").secrets().get(0).from().digest())
        .isEqualTo(io.orch.core.model.FileSource.sha256("changed since".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)));
  }
}
