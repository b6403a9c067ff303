package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 10: minimal files that orch read differently from Compose before, each read as Compose reads it.
 */
class ReadAsComposeReadsTest {
  private static LoadResult loadDir(Path dir, String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, yaml);
    return new StackLoader(env).load(file, "t", Set.of());
  }

  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "t", Set.of());
  }

  @Test
  void envFileWithEscapedQuotesMultiLineValuesAndYamlStyleLines(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("app.env"), """
        MSG='Let\\'s go!'
        CERT="-----BEGIN CERTIFICATE-----
        MIIB
        -----END CERTIFICATE-----"
        PRICE="costs \\$5"
        LEVEL: debug
        """);
    LoadResult r = loadDir(dir, "services:\n  web: {image: x, env_file: app.env}\n", Map.of());
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("web").environment()).containsEntry("MSG", "Let's go!")
        .containsEntry("CERT", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
        .containsEntry("PRICE", "costs $5").containsEntry("LEVEL", "debug");
  }

  @Test
  void dotEnvWithAnEscapedDollarInterpolatesIntoTheFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".env"), "GREETING=\"costs \\$5\"\nTAG: '1.36'\n");
    LoadResult r = loadDir(dir, "services:\n  web: {image: \"busybox:${TAG}\", environment: [\"G=${GREETING}\"]}\n",
        Map.of());
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("web").image()).isEqualTo("busybox:1.36");
    assertThat(r.stack().service("web").environment()).containsEntry("G", "costs $5");
  }

  @Test
  void anUnsetEnvironmentNameIsPassedBare() {
    LoadResult r = load("services:\n  web: {image: x, environment: [DEBUG, \"A=1\"]}\n");
    assertThat(r.errors()).isEmpty();
    ServiceSpec web = r.stack().service("web");
    assertThat(web.environment()).containsEntry("DEBUG", null).containsEntry("A", "1");
    // The engine gets "DEBUG" without "=", which removes the image's own ENV DEBUG, as with Compose.
    assertThat(EngineSpecs.forSlot(r.stack(), web, 1).environment()).containsEntry("DEBUG", null);
    // And it survives the trip to the agent, whose own environment must not fill it in.
    Stack again = reloadAsAgent(r.stack(), Map.of("DEBUG", "from-the-agent"));
    assertThat(again.service("web").environment()).containsEntry("DEBUG", null);
    assertThat(again).isEqualTo(r.stack());
  }

  @Test
  void aSetEnvironmentNameTakesTheValue() {
    LoadResult r = new StackLoader(Map.of("DEBUG", "1")).loadText(
        "services:\n  web: {image: x, environment: {DEBUG: }}\n", "compose.yaml", null, "t", Set.of());
    assertThat(r.stack().service("web").environment()).containsEntry("DEBUG", "1");
  }

  @Test
  void anExternalVolumeWhoseNameIsEmptyFallsBackToItsKey() {
    LoadResult r = new StackLoader(Map.of()).loadText("""
        services:
          web: {image: x, volumes: ["data:/data", "own:/own"]}
        volumes:
          data: {external: true, name: "${DATA_VOLUME}"}
          own: {name: "${OWN_VOLUME:-}"}
        """, "compose.yaml", null, "t", Set.of());
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().volumes().get("data").external()).isTrue();
    assertThat(EngineSpecs.volumeEngineName(r.stack(), "data")).isEqualTo("data");
    assertThat(EngineSpecs.volumeEngineName(r.stack(), "own")).isEqualTo("t_own");
  }

  @Test
  void linksGiveTheAliasAndAnImpliedDependency() {
    LoadResult r = load("""
        services:
          web: {image: x, links: ["db:database", cache]}
          db: {image: x}
          cache: {image: x}
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.stack().service("web").dependsOn()).containsEntry("db", Dependency.STARTED)
        .containsEntry("cache", Dependency.STARTED);
    assertThat(r.stack().service("db").networks().get("default").aliases()).containsExactly("database");
    assertThat(r.stack().service("cache").networks().get("default").aliases()).isEmpty();
    assertThat(reloadAsAgent(r.stack(), Map.of())).isEqualTo(r.stack());
  }

  @Test
  void aLinkToAnUndefinedServiceIsAnError() {
    LoadResult r = load("services:\n  web: {image: x, links: [\"db:database\"]}\n");
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(Diagnostic::message).containsExactly("depends on db, but service db is not"
        + " defined");
    assertThat(r.errors().get(0).line()).isEqualTo(2);
  }

  @Test
  void healthcheckTimingWithoutTestKeepsTheImagesTest() {
    LoadResult r = load("""
        services:
          web:
            image: x
            healthcheck: {interval: 5s, retries: 7}
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    HealthCheck hc = r.stack().service("web").healthcheck();
    assertThat(hc.inheritsTest()).isTrue();
    assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(hc.retries()).isEqualTo(7);
    assertThat(reloadAsAgent(r.stack(), Map.of())).isEqualTo(r.stack());
  }

  @Test
  void aServiceAwaitedToCompleteIsAOneShotJobUnlessItDeclaresARestartPolicy() {
    LoadResult r = load("""
        services:
          init: {image: x, command: ["true"]}
          migrate: {image: x, restart: always}
          web:
            image: x
            depends_on:
              init: {condition: service_completed_successfully}
              migrate: {condition: service_completed_successfully}
          other: {image: x}
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("init").restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.ON_FAILURE);
    assertThat(r.stack().service("init").restartPolicy().restarts(0)).isFalse();
    assertThat(r.stack().service("migrate").restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.ANY);
    assertThat(r.stack().service("web").restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(r.stack().service("other").restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(reloadAsAgent(r.stack(), Map.of())).isEqualTo(r.stack());
  }

  @Test
  void theAgentIgnoresItsOwnComposeProfiles() {
    String yaml = "services:\n  web: {image: x}\n  debug: {image: x, profiles: [debug]}\n";
    Map<String, String> env = new HashMap<>(Map.of("COMPOSE_PROFILES", "debug"));
    LoadResult agent = StackLoader.forSubmissions(env, ReplicaLimit.DEFAULT)
        .loadText(yaml, "request body", null, "t", Set.of());
    assertThat(agent.stack().services()).containsOnlyKeys("web");
    LoadResult named = StackLoader.forSubmissions(env, ReplicaLimit.DEFAULT)
        .loadText(yaml, "request body", null, "t", Set.of("debug"));
    assertThat(named.stack().services()).containsOnlyKeys("web", "debug");
    assertThat(named.activeProfiles()).containsExactly("debug");
    LoadResult cli = new StackLoader(env).loadText(yaml, "compose.yaml", null, "t", Set.of());
    assertThat(cli.activeProfiles()).containsExactly("debug");
    assertThat(cli.stack().services()).containsOnlyKeys("web", "debug");
  }

  /** What the agent reads from the CLI's submission, with the agent's own environment. */
  private static Stack reloadAsAgent(Stack stack, Map<String, String> agentEnvironment) {
    LoadResult r = StackLoader.forSubmissions(agentEnvironment, ReplicaLimit.DEFAULT)
        .loadText(StackWriter.toSubmission(stack), "request body", null, stack.name(), Set.of());
    assertThat(r.errors()).isEmpty();
    return r.stack();
  }
}
