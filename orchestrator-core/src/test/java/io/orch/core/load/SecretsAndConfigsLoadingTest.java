package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import io.orch.core.model.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Top-level secrets and configs and the service-level short and long syntax, as Compose reads them. */
class SecretsAndConfigsLoadingTest {
  private static final Map<String, String> ENV = Map.of("API_TOKEN", "t0ken", "DEBUG", "true");

  @TempDir
  Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("db_password.txt"), "s3cret");
  }

  /** The spec hash the planner would stamp: equal at the CLI and at the agent. */
  private static final class EngineSpecsOf {
    static String hash(io.orch.core.model.Stack stack, String service) {
      return io.orch.core.plan.EngineSpecs.hashOf(stack, stack.service(service));
    }
  }

  private LoadResult load(String yaml) {
    return new StackLoader(ENV).loadText(yaml, "compose.yaml", dir, "shop", Set.of());
  }

  private ServiceSpec web(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.errors()).as("errors").isEmpty();
    assertThat(r.warnings()).as("warnings").isEmpty();
    return r.stack().service("web");
  }

  @Test
  void shortSyntaxMountsAFileSecretUnderRunSecretsWithItsDigestNotItsContent() {
    ServiceSpec web = web("""
        services:
          web: {image: nginx, secrets: [db_password]}
        secrets:
          db_password: {file: ./db_password.txt}
        """);

    FileMount m = web.secrets().get(0);
    assertThat(m.target()).isEqualTo("/run/secrets/db_password");
    assertThat(m.from().file()).isEqualTo(dir.resolve("db_password.txt").toString());
    assertThat(m.from().content()).isNull();
    assertThat(m.from().digest()).isEqualTo(FileSource.sha256("s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(m.modeOrDefault()).isEqualTo(0444);
  }

  @Test
  void longSyntaxReadsTargetUidGidAndAnOctalMode() {
    ServiceSpec web = web("""
        services:
          web:
            image: nginx
            secrets:
              - {source: token, target: api_token, uid: "103", gid: "104", mode: 0440}
              - {source: token, target: /etc/token, mode: 0o400}
        secrets:
          token: {environment: API_TOKEN}
        """);

    assertThat(web.secrets()).containsExactly(
        new FileMount(FileMount.Kind.SECRET, "token", "/run/secrets/api_token", "103", "104", 0440,
            FileSource.ofVariable("API_TOKEN", "t0ken")),
        new FileMount(FileMount.Kind.SECRET, "token", "/etc/token", null, null, 0400,
            FileSource.ofVariable("API_TOKEN", "t0ken")));
  }

  @Test
  void configsGoToSlashNameByDefaultAndContentIsInterpolated() {
    ServiceSpec web = web("""
        services:
          web:
            image: nginx
            configs: [app_config, {source: app_config, target: /etc/app.conf}]
        configs:
          app_config:
            content: |
              debug=${DEBUG}
        """);

    assertThat(web.configs()).extracting(FileMount::target).containsExactly("/app_config", "/etc/app.conf");
    assertThat(web.configs().get(0).from().content()).isEqualTo("debug=true\n");
  }

  @Test
  void anUndeclaredSecretIsAnErrorWhereTheServiceNamesIt() {
    LoadResult r = load("""
        services:
          web: {image: nginx, secrets: [nope]}
        """);

    assertThat(r.stack()).isNull();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("service web refers to undefined secret nope");
      assertThat(e.line()).isEqualTo(2);
    });
  }

  @Test
  void externalIsAnErrorThatSaysOrchHasNoSecretStore() {
    LoadResult r = load("""
        services:
          web: {image: nginx, secrets: [cert]}
        secrets:
          cert: {external: true}
        """);

    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("secret cert is external, and orch has no secret store (used by service web)");
      assertThat(e.line()).isEqualTo(4);
    });
  }

  @Test
  void anExternalOneNoServiceUsesIsAWarningAsDockerComposeConfigLoadsIt() {
    LoadResult r = load("""
        services:
          web: {image: nginx}
        configs:
          cert: {external: true, name: "${UNSET_NAME}"}
        """);

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).extracting(Diagnostic::message).contains(
        "config cert is external, and orch has no config store; no service uses it");
  }

  @Test
  void anUnsetVariableIsAnErrorAndAMissingFileAWarningOnlyForAServiceThatUsesThem() {
    String unused = """
        services:
          web: {image: nginx}
        secrets:
          gone: {file: ./missing.txt}
          token: {environment: NOT_SET}
        """;
    assertThat(load(unused).errors()).isEmpty();

    LoadResult used = load("""
        services:
          web: {image: nginx, secrets: [gone, token]}
          api: {image: nginx, secrets: [gone]}
        secrets:
          gone: {file: ./missing.txt}
          token: {environment: NOT_SET}
        """);
    assertThat(used.errors()).extracting(Diagnostic::message).containsExactly(
        "secret token reads the variable NOT_SET, which is not set (used by service web)");
    // As docker compose config, which loads it; the agent reports the missing file when it creates the container.
    assertThat(used.warnings()).extracting(Diagnostic::message).containsExactly(
        "secret file " + dir.resolve("missing.txt") + " not found: services api, web cannot start until it exists");
  }

  @Test
  void aSourceIsRequiredAndOnlyOne() {
    LoadResult r = load("""
        services:
          web: {image: nginx}
        configs:
          none: {}
          both: {file: ./db_password.txt, content: x}
        """);

    assertThat(r.errors()).extracting(Diagnostic::message)
        .containsExactlyInAnyOrder("config none has no source", "config both has several sources");
  }

  @Test
  void badModeAndUidAreLocatedErrors() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            secrets: [{source: s, mode: rw, uid: root}]
        secrets:
          s: {file: ./db_password.txt}
        """);

    assertThat(r.errors()).extracting(Diagnostic::message).containsExactlyInAnyOrder(
        "mode must be a file mode such as 0440, got \"rw\"", "uid must be a numeric id, got \"root\"");
  }

  @Test
  void theNormalizedOutputLoadsAgainWithoutTheFilesContent() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            secrets: [db_password, {source: token, mode: 0400, uid: "1"}]
            configs: [{source: conf, target: /etc/conf}]
        secrets:
          db_password: {file: ./db_password.txt}
          token: {environment: API_TOKEN}
        configs:
          conf: {content: "a=1"}
        """);
    String printed = StackWriter.toYaml(r.stack());
    String submitted = StackWriter.toSubmission(r.stack());

    assertThat(printed).as("orch config names the variable, as docker compose config does")
        .doesNotContain("s3cret").doesNotContain("t0ken").contains("environment: API_TOKEN")
        .contains(dir.resolve("db_password.txt").toString());
    assertThat(new StackLoader(ENV).loadText(printed, "config.yml", null, "shop", Set.of()).stack())
        .isEqualTo(r.stack());
    assertThat(submitted).as("the agent has no CLI environment: the value travels").contains("t0ken")
        .doesNotContain("s3cret");
    LoadResult atTheAgent = new StackLoader(Map.of()).loadText(submitted, "request body", null, "shop", Set.of());
    assertThat(atTheAgent.errors()).isEmpty();
    assertThat(EngineSpecsOf.hash(atTheAgent.stack(), "web")).isEqualTo(EngineSpecsOf.hash(r.stack(), "web"));
  }

  @Test
  void keysOfAServiceNoLongerWarnAsUnsupported() {
    LoadResult r = load("""
        services:
          web: {image: nginx, container_name: shop-web, secrets: [s]}
        secrets:
          s: {file: ./db_password.txt}
        """);

    assertThat(r.warnings()).isEmpty();
    assertThat(r.stack().service("web").containerName()).isEqualTo("shop-web");
  }

  @Test
  void containerNameWithSeveralReplicasIsAnError() {
    LoadResult r = load("""
        services:
          web: {image: nginx, container_name: shop-web, deploy: {replicas: 2}}
        """);

    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message())
        .isEqualTo("container_name shop-web names one container, but service web has 2 replicas"));
  }

  @Test
  void containerNameIsCheckedAsAnEngineName() {
    assertThat(load("services:\n  web: {image: nginx, container_name: \"bad name\"}\n").errors())
        .singleElement().satisfies(e -> assertThat(e.message()).startsWith("invalid name \"bad name\""));
  }

  @Test
  void sharingANamespaceOrVolumesWithAServiceMakesItADependency() {
    LoadResult r = load("""
        services:
          db: {image: postgres}
          web:
            image: nginx
            network_mode: service:db
            ipc: service:db
            pid: container:other
            volumes_from: [db:ro, "container:backup"]
        """);

    assertThat(r.errors()).isEmpty();
    ServiceSpec web = r.stack().service("web");
    assertThat(web.networkMode()).isEqualTo("service:db");
    assertThat(web.ipc()).isEqualTo("service:db");
    assertThat(web.pid()).isEqualTo("container:other");
    assertThat(web.volumesFrom()).containsExactly("service:db:ro", "container:backup");
    assertThat(web.dependsOn()).containsOnlyKeys("db");
    assertThat(web.networks()).isEmpty();
    assertThat(r.stack().service("db").ipc()).as("the engine lets only a shareable IPC namespace be joined")
        .isEqualTo("shareable");
  }

  @Test
  void sharingWithAnUndefinedServiceOrPublishingPortsIsAnError() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            network_mode: service:db
            ports: ["80:80"]
        """);

    assertThat(r.errors()).extracting(Diagnostic::message).containsExactlyInAnyOrder(
        "service web shares the network of db and cannot publish ports",
        "depends on db, but service db is not defined");
  }

  @Test
  void normalizedSharingLoadsAgain() {
    LoadResult r = load("""
        services:
          db: {image: postgres, container_name: the-db}
          web: {image: nginx, network_mode: service:db, volumes_from: [db], ipc: shareable}
        """);
    LoadResult again = new StackLoader(Map.of()).loadText(StackWriter.toYaml(r.stack()), "request body", null, "shop",
        Set.of());
    assertThat(again.errors()).isEmpty();
    assertThat(again.stack()).isEqualTo(r.stack());
    assertThat(List.of(again.stack().service("db").containerName())).containsExactly("the-db");
  }

  @Test
  void aReadOnlyRootTakesFilesAsBindMountsAndRefusesInlineOnes() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            read_only: true
            secrets: [{source: pw, mode: 0400}, token]
        secrets:
          pw: {file: ./db_password.txt}
          token: {environment: API_TOKEN}
        """);

    assertThat(r.errors()).extracting(Diagnostic::message).containsExactly("secret token has no file to mount, and"
        + " service web has a read-only root filesystem the engine cannot copy it into");
    assertThat(r.warnings()).extracting(Diagnostic::message).containsExactly("uid, gid and mode of pw are ignored:"
        + " with read_only: true it is a bind mount of the host file, which keeps the file's own");
  }

  @Test
  void twoFilesAtOnePathAreAnError() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            secrets: [{source: a, target: /etc/app.conf}]
            configs: [{source: b, target: /etc/app.conf}]
        secrets:
          a: {file: ./db_password.txt}
        configs:
          b: {content: x}
        """);

    assertThat(r.errors()).extracting(Diagnostic::message)
        .containsExactly("service web gets a and b at the same path /etc/app.conf");
  }
}
