package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** include: and extends: as compose-go resolves them, written as small files in folders of a temp project. */
class IncludeAndExtendsTest {
  @TempDir Path dir;

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private LoadResult load(Path file) {
    return new StackLoader(Map.of("TAG", "from-env")).load(file, "app", Set.of());
  }

  @Test
  void includedServicesJoinTheProjectWithTheirPathsRelativeToTheirOwnFolder() throws IOException {
    write("db/compose.yaml", """
        services:
          db:
            image: postgres:${PG:-16}
            env_file: ./db.env
            volumes: [./init:/docker-entrypoint-initdb.d]
        """);
    write("db/db.env", "POSTGRES_PASSWORD=x\n");
    Path main = write("app/compose.yaml", """
        include:
          - ../db/compose.yaml
        services:
          web: {image: nginx, depends_on: [db]}
        """);
    LoadResult r = load(main);
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().services()).containsOnlyKeys("web", "db");
    ServiceSpec db = r.stack().services().get("db");
    assertThat(db.image()).isEqualTo("postgres:16");
    assertThat(db.environment()).containsEntry("POSTGRES_PASSWORD", "x");
    assertThat(db.volumes().get(0).source()).isEqualTo(dir.resolve("db/init").toString());
  }

  @Test
  void theLongSyntaxMergesSeveralPathsAndReadsVariablesFromItsEnvFile() throws IOException {
    write("lib/compose.yaml", "services: {cache: {image: \"redis:${REDIS_TAG}\"}}\n");
    write("lib/more.yaml", "services: {cache: {command: [redis-server, --save, \"\"]}}\n");
    write("lib/vars.env", "REDIS_TAG=7\nTAG=from-file\n");
    Path main = write("compose.yaml", """
        include:
          - path: [lib/compose.yaml, lib/more.yaml]
            env_file: lib/vars.env
        services:
          web: {image: "nginx:${TAG}"}
        """);
    LoadResult r = load(main);
    assertThat(r.errors()).isEmpty();
    ServiceSpec cache = r.stack().services().get("cache");
    assertThat(cache.image()).isEqualTo("redis:7");
    assertThat(cache.command()).containsExactly("redis-server", "--save", "");
    assertThat(r.stack().services().get("web").image()).isEqualTo("nginx:from-env");
  }

  @Test
  void anIncludedServiceTheIncludingFileAlsoDefinesIsAnErrorNamingBothFiles() throws IOException {
    write("lib/compose.yaml", "services: {web: {image: nginx:1}}\n");
    Path main = write("compose.yaml", """
        include: [lib/compose.yaml]
        services:
          web: {image: nginx:2}
        """);
    LoadResult r = load(main);
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.file()).endsWith("compose.yaml");
      assertThat(d.line()).isEqualTo(3);
      assertThat(d.message()).contains("services.web", "lib/compose.yaml:1:");
    });
  }

  @Test
  void anIncludeCycleIsAnErrorThatNamesTheChain() throws IOException {
    write("a/compose.yaml", "include: [../b/compose.yaml]\nservices: {a: {image: x}}\n");
    write("b/compose.yaml", "include: [../a/compose.yaml]\nservices: {b: {image: x}}\n");
    LoadResult r = load(dir.resolve("a/compose.yaml"));
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).anySatisfy(d -> assertThat(d.message())
        .matches("include cycle: .*a/compose.yaml -> .*b/compose.yaml -> .*a/compose.yaml"));
  }

  @Test
  void aMissingIncludedFileIsALocatedError() throws IOException {
    Path main = write("compose.yaml", "include:\n  - nothere.yaml\nservices: {web: {image: x}}\n");
    LoadResult r = load(main);
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.line()).isEqualTo(2);
      assertThat(d.message()).contains("nothere.yaml not found");
    });
  }

  @Test
  void extendsMergesTheBaseServiceOfTheSameFileWithComposeRules() throws IOException {
    Path main = write("compose.yaml", """
        services:
          base:
            image: busybox
            environment: {TZ: utc, PORT: "80"}
            command: [sleep, "1"]
          web:
            extends: base
            environment: {PORT: "8080"}
          cli:
            extends: {service: web}
            command: [sh]
        """);
    LoadResult r = load(main);
    assertThat(r.errors()).isEmpty();
    ServiceSpec cli = r.stack().services().get("cli");
    assertThat(cli.image()).isEqualTo("busybox");
    assertThat(cli.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("TZ", "utc", "PORT", "8080"));
    assertThat(cli.command()).containsExactly("sh");
  }

  @Test
  void extendsFromAnotherFolderResolvesThatFilesPathsAgainstItsFolder() throws IOException {
    write("common/services.yaml", """
        services:
          root:
            image: busybox
            volumes: [./conf:/conf]
          webapp:
            extends: root
            env_file: web.env
        """);
    write("common/web.env", "MODE=common\n");
    Path main = write("app/compose.yaml", """
        services:
          web:
            extends: {file: ../common/services.yaml, service: webapp}
            environment: [EXTRA=1]
        """);
    LoadResult r = load(main);
    assertThat(r.errors()).isEmpty();
    ServiceSpec web = r.stack().services().get("web");
    assertThat(web.environment()).containsEntry("MODE", "common").containsEntry("EXTRA", "1");
    assertThat(web.volumes().get(0).source()).isEqualTo(dir.resolve("common/conf").toString());
    assertThat(r.stack().services()).containsOnlyKeys("web");
  }

  @Test
  void anExtendsCycleIsAnErrorThatNamesTheChain() throws IOException {
    Path main = write("compose.yaml", """
        services:
          a: {extends: b, image: x}
          b: {extends: c}
          c: {extends: a}
        """);
    LoadResult r = load(main);
    assertThat(r.ok()).isFalse();
    String f = main.toString();
    assertThat(r.errors()).anySatisfy(d -> assertThat(d.message()).isEqualTo("extends cycle: " + f
        + " services.a -> " + f + " services.b -> " + f + " services.c -> " + f + " services.a"));
  }

  @Test
  void extendingAServiceThatDoesNotExistSaysWhere() throws IOException {
    Path main = write("compose.yaml", "services:\n  web:\n    extends: nope\n");
    LoadResult r = load(main);
    assertThat(r.errors()).anySatisfy(d -> {
      assertThat(d.line()).isEqualTo(3);
      assertThat(d.message()).contains("extends service nope");
    });
  }

  @Test
  void anIncludedServiceCanBeExtended() throws IOException {
    write("lib/compose.yaml", "services: {base: {image: busybox, user: \"1000\"}}\n");
    Path main = write("compose.yaml", """
        include: [lib/compose.yaml]
        services:
          web: {extends: base}
        """);
    LoadResult r = load(main);
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().services().get("web").user()).isEqualTo("1000");
  }

  @Test
  void aRequestBodyCannotIncludeFiles() {
    LoadResult r = new StackLoader(Map.of()).loadText("include: [x.yaml]\nservices: {web: {image: x}}\n",
        "request body", null, "app", Set.of());
    assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.message())
        .contains("not loaded from a file"));
  }

  @Test
  void dashPWinsOverNameInTheFile() throws IOException {
    Path main = write("compose.yaml", "name: fromfile\nservices: {web: {image: x}}\n");
    assertThat(new StackLoader(Map.of()).load(main, "other", Set.of()).stack().name()).isEqualTo("other");
    assertThat(new StackLoader(Map.of()).load(main, null, Set.of()).stack().name()).isEqualTo("fromfile");
  }

  @Test
  void anOverrideFilesServiceCanExtendOneOfTheFilesBeforeIt() throws IOException {
    Path base = write("compose.yaml", "services: {base: {image: busybox, user: \"1000\"}}\n");
    Path override = write("compose.override.yaml", "services: {web: {extends: base, command: [sh]}}\n");
    LoadResult r = new StackLoader(Map.of()).load(java.util.List.of(base, override), "app", Set.of());
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().services().get("web").user()).isEqualTo("1000");
  }
}
