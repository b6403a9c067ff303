package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.core.command.ExecStartResultCallback;
import io.orch.api.client.OrchClientException;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.load.StackWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and configs reach the container as files (Compose's single-engine behaviour), a new content rolls the
 * service, and network_mode: service:X joins X's network namespace and follows X when X is replaced.
 */
class SecretsIT extends AgentItBase {
  private static final String FILE_SECRET = "file-secret-7f3a";
  private static final String ENV_SECRET = "env-secret-91c2";

  @TempDir
  Path dir;

  /** What orch up does: load the file with the user's environment, submit the normalized stack. */
  private void up(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, yaml.replace("IMAGE", image));
    LoadResult r = new StackLoader(env).load(file, stack, Set.of());
    assertThat(r.errors()).as("load errors").isEmpty();
    client().submit(stack, StackWriter.toSubmission(r.stack()).getBytes(StandardCharsets.UTF_8), "application/yaml",
        false);
  }

  private static final String APP = """
      services:
        app:
          image: IMAGE
          command: ["sleep", "3600"]
          stop_grace_period: 1s
          secrets:
            - db_password
            - {source: token, target: api_token, uid: "1000", gid: "1001", mode: 0400}
          configs:
            - {source: app_conf, target: /etc/app.conf}
      secrets:
        db_password: {file: ./db_password.txt}
        token: {environment: API_TOKEN}
      configs:
        app_conf:
          content: |
            level=${LEVEL}
      """;

  @Test
  void secretsAndConfigsAreFilesWithTheirModeAndOwnerAndANewContentRollsTheService() throws Exception {
    Files.writeString(dir.resolve("db_password.txt"), FILE_SECRET);
    Map<String, String> env = Map.of("API_TOKEN", ENV_SECRET, "LEVEL", "debug");
    up(APP, env);
    awaitConverged(Duration.ofSeconds(60));

    String app = containers("app").get(0).getId();
    assertThat(exec(app, "cat", "/run/secrets/db_password")).isEqualTo(FILE_SECRET);
    assertThat(exec(app, "stat", "-c", "%a %u %g", "/run/secrets/db_password")).isEqualTo("444 0 0\n");
    assertThat(exec(app, "cat", "/run/secrets/api_token")).isEqualTo(ENV_SECRET);
    assertThat(exec(app, "stat", "-c", "%a %u %g", "/run/secrets/api_token")).isEqualTo("400 1000 1001\n");
    assertThat(exec(app, "cat", "/etc/app.conf")).isEqualTo("level=debug\n");
    assertThat(stateDirText()).as("the agent's state dir holds the file's path, never its content")
        .doesNotContain(FILE_SECRET).contains(dir.resolve("db_password.txt").toString());

    Files.writeString(dir.resolve("db_password.txt"), FILE_SECRET + "-v2");
    up(APP, env);
    await("app rolled to the new secret").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          List<String> ids = containers("app").stream().filter(c -> "running".equals(c.getState()))
              .map(c -> c.getId()).toList();
          assertThat(ids).hasSize(1).doesNotContain(app);
          assertThat(exec(ids.get(0), "cat", "/run/secrets/db_password")).isEqualTo(FILE_SECRET + "-v2");
        });
  }

  @Test
  void networkModeServiceJoinsTheFirstContainerOfThatServiceAndFollowsItWhenReplaced() throws Exception {
    String shared = """
        services:
          db:
            image: IMAGE
            container_name: NAME
            environment: {VERSION: "V"}
            volumes: ["/data"]
            command: ["sh", "-c", "echo from-db-$$VERSION > /tmp/index.html && echo $$VERSION > /data/marker
              && exec httpd -f -p 8080 -h /tmp"]
            stop_grace_period: 1s
          web:
            image: IMAGE
            network_mode: service:db
            ipc: service:db
            volumes_from: ["db:ro"]
            command: ["sleep", "3600"]
            stop_grace_period: 1s
        """.replace("NAME", stack + "-the-db");
    up(shared.replace("\"V\"", "\"1\""), Map.of());
    awaitConverged(Duration.ofSeconds(60));

    assertThat(containers("db")).extracting(AgentItBase::name).containsExactly(stack + "-the-db");
    assertThatThrownBy(() -> client().scale(stack, "db", 2)).as("container_name names one container")
        .isInstanceOfSatisfying(OrchClientException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageContaining("container_name " + stack + "-the-db names one container");
    String web = containers("web").get(0).getId();
    await("web reaches db's server on localhost").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(exec(web, "wget", "-q", "-O-", "http://localhost:8080/index.html")).isEqualTo("from-db-1\n"));
    assertThat(exec(web, "cat", "/data/marker")).as("volumes_from db").isEqualTo("1\n");

    up(shared.replace("\"V\"", "\"2\""), Map.of());
    await("web recreated in the new db's namespace").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          List<String> webs = containers("web").stream().filter(c -> "running".equals(c.getState()))
              .map(c -> c.getId()).toList();
          assertThat(webs).hasSize(1).doesNotContain(web);
          assertThat(exec(webs.get(0), "wget", "-q", "-O-", "http://localhost:8080/index.html"))
              .isEqualTo("from-db-2\n");
          assertThat(exec(webs.get(0), "cat", "/data/marker")).isEqualTo("2\n");
        });
  }

  @Test
  void aReadOnlyServiceGetsItsFileSecretAsABindMount() throws Exception {
    Files.writeString(dir.resolve("db_password.txt"), FILE_SECRET);
    up("""
        services:
          app:
            image: IMAGE
            read_only: true
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            secrets: [db_password]
        secrets:
          db_password: {file: ./db_password.txt}
        """, Map.of());
    awaitConverged(Duration.ofSeconds(60));

    assertThat(exec(containers("app").get(0).getId(), "cat", "/run/secrets/db_password")).isEqualTo(FILE_SECRET);
  }

  private String stateDirText() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(agent.stateDir())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  private static String exec(String container, String... cmd) throws InterruptedException {
    ExecCreateCmdResponse exec = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true)
        .withAttachStderr(true).exec();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    docker.execStartCmd(exec.getId()).exec(new ExecStartResultCallback(out, out)).awaitCompletion(10,
        TimeUnit.SECONDS);
    return out.toString(StandardCharsets.UTF_8);
  }
}
