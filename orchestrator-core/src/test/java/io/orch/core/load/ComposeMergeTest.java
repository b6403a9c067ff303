package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** `-f base -f override`: one small pair of files per Compose merge rule (compose-go's override package). */
class ComposeMergeTest {
  @TempDir Path dir;

  private LoadResult merge(String base, String override) throws IOException {
    Path a = Files.writeString(dir.resolve("compose.yaml"), base);
    Path b = Files.writeString(dir.resolve("compose.override.yaml"), override);
    return new StackLoader(Map.of()).load(List.of(a, b), "app", Set.of());
  }

  private ServiceSpec web(String base, String override) throws IOException {
    LoadResult r = merge(base, override);
    assertThat(r.errors()).isEmpty();
    return r.stack().services().get("web");
  }

  @Test
  void scalarsAreReplacedAndMappingsMergeKeyByKey() throws IOException {
    ServiceSpec web = web("""
        services:
          web: {image: nginx:1, user: "1000", working_dir: /app}
        """, """
        services:
          web: {image: nginx:2}
          worker: {image: busybox}
        """);
    assertThat(web.image()).isEqualTo("nginx:2");
    assertThat(web.user()).isEqualTo("1000");
    assertThat(web.workingDir()).isEqualTo("/app");
  }

  @Test
  void anOverrideFileAddsServices() throws IOException {
    LoadResult r = merge("services: {web: {image: nginx}}\n", "services: {worker: {image: busybox}}\n");
    assertThat(r.stack().services()).containsOnlyKeys("web", "worker");
  }

  @Test
  void commandAndEntrypointAndHealthcheckTestAreReplacedNotAppended() throws IOException {
    ServiceSpec web = web("""
        services:
          web:
            image: x
            command: [echo, foo]
            entrypoint: [sh, -c]
            healthcheck: {test: [CMD, "true"], interval: 5s}
        """, """
        services:
          web:
            command: [echo, bar]
            entrypoint: [bash, -c]
            healthcheck: {test: [CMD, "false"]}
        """);
    assertThat(web.command()).containsExactly("echo", "bar");
    assertThat(web.entrypoint()).containsExactly("bash", "-c");
    assertThat(web.healthcheck().test()).containsExactly("CMD", "false");
    assertThat(web.healthcheck().interval()).hasSeconds(5);
  }

  @Test
  void environmentAndLabelsMergeByKeyWhateverTheirSyntax() throws IOException {
    ServiceSpec web = web("""
        services:
          web:
            image: x
            environment: {A: "1", B: "2"}
            labels: [team=a, tier=web]
        """, """
        services:
          web:
            environment: [B=3, C=4]
            labels: {tier: api}
        """);
    assertThat(web.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("A", "1", "B", "3", "C", "4"));
    assertThat(web.labels()).containsEntry("team", "a").containsEntry("tier", "api");
  }

  @Test
  void portsAndExposeAppendWithoutDuplicates() throws IOException {
    ServiceSpec web = web("""
        services:
          web: {image: x, ports: ["8080:80"], expose: ["9000"]}
        """, """
        services:
          web: {ports: ["8080:80", "8443:443"], expose: ["9000", "9001"]}
        """);
    assertThat(web.ports()).extracting(PortSpec::published).containsExactly(8080, 8443);
    assertThat(web.expose()).containsExactly("9000", "9001");
  }

  @Test
  void volumesMergeByTargetTheLaterMountWinning() throws IOException {
    ServiceSpec web = web("""
        services:
          web: {image: x, volumes: ["data:/data", "logs:/logs"]}
        volumes: {data: {}, logs: {}, other: {}}
        """, """
        services:
          web: {volumes: ["other:/data:ro", {type: tmpfs, target: /tmp}]}
        """);
    assertThat(web.volumes()).extracting(MountSpec::target).containsExactly("/data", "/logs", "/tmp");
    assertThat(web.volumes().get(0).source()).isEqualTo("other");
    assertThat(web.volumes().get(0).readOnly()).isTrue();
  }

  @Test
  void networksAndDependsOnMergeByNameAcrossShortAndLongSyntax() throws IOException {
    ServiceSpec web = web("""
        services:
          web: {image: x, networks: [front], depends_on: [db]}
          db: {image: y}
          cache: {image: z}
        networks: {front: {}, back: {}}
        """, """
        services:
          web:
            networks: {back: {aliases: [api]}}
            depends_on: {cache: {condition: service_started}}
        """);
    assertThat(web.networks()).containsOnlyKeys("front", "back");
    assertThat(web.networks().get("back").aliases()).containsExactly("api");
    assertThat(web.dependsOn()).containsOnlyKeys("db", "cache");
  }

  @Test
  void resetRemovesAValueAndOverrideReplacesIt() throws IOException {
    ServiceSpec web = web("""
        services:
          web:
            image: x
            ports: ["8080:80"]
            environment: {A: "1", B: "2"}
            labels: {a: "1"}
        """, """
        services:
          web:
            ports: !reset []
            environment:
              B: !reset null
            labels: !override {b: "2"}
        """);
    assertThat(web.ports()).isEmpty();
    assertThat(web.environment()).containsOnlyKeys("A");
    assertThat(web.labels()).containsOnlyKeys("b");
  }

  @Test
  void overrideReplacesASequenceInsteadOfAppending() throws IOException {
    ServiceSpec web = web("""
        services:
          web: {image: x, ports: ["8080:80"]}
        """, """
        services:
          web:
            ports: !override ["8443:443"]
        """);
    assertThat(web.ports()).extracting(PortSpec::target).containsExactly(443);
  }

  @Test
  void resetInASingleFileRemovesTheValue() throws IOException {
    Path a = Files.writeString(dir.resolve("compose.yaml"), """
        services:
          web:
            image: x
            ports: !reset ["8080:80"]
        """);
    LoadResult r = new StackLoader(Map.of()).load(a, "app", Set.of());
    assertThat(r.stack().services().get("web").ports()).isEmpty();
  }

  @Test
  void relativePathsOfEveryFileResolveAgainstTheFirstFilesFolder() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Path a = Files.writeString(dir.resolve("compose.yaml"), "services: {web: {image: x}}\n");
    Path b = Files.writeString(sub.resolve("override.yaml"), "services: {web: {volumes: [./html:/html]}}\n");
    LoadResult r = new StackLoader(Map.of()).load(List.of(a, b), "app", Set.of());
    assertThat(r.stack().services().get("web").volumes().get(0).source())
        .isEqualTo(dir.resolve("html").toString());
  }

  @Test
  void aDiagnosticNamesTheFileAndLineItComesFrom() throws IOException {
    LoadResult r = merge("services: {web: {image: x}}\n", """
        services:
          web:
            restart: sometimes
        """);
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.file()).endsWith("compose.override.yaml");
      assertThat(d.line()).isEqualTo(3);
      assertThat(d.toString()).contains("compose.override.yaml:3:");
    });
  }

  /**
   * Every real file of ../shared/compose merged onto itself (and onto a small base) loads like the file alone: no
   * exception, and any error is located in one of the files.
   */
  @TestFactory
  Stream<DynamicTest> everySharedFileMergesAsAnOverride() throws IOException {
    List<Path> files = new java.util.ArrayList<>(SharedComposeFilesTest.files("awesome-compose"));
    files.addAll(SharedComposeFilesTest.files("spec-examples"));
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      Path base = Files.writeString(dir.resolve("base-" + f.getFileName()), "services: {web: {image: x}}\n");
      StackLoader loader = new StackLoader(SharedComposeFilesTest.ENV);
      LoadResult alone = loader.load(f, "shared", Set.of("*"));
      for (List<Path> pair : List.of(List.of(f, f), List.of(base, f))) {
        LoadResult r = loader.load(pair, "shared", Set.of("*"));
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.line()).as("line of " + e).isPositive());
        if (pair.get(0).equals(f)) {
          assertThat(r.ok()).as("merged onto itself like alone: " + r.errors()).isEqualTo(alone.ok());
        }
      }
      if (alone.ok()) {
        assertThat(loader.load(List.of(f, f), "shared", Set.of("*")).stack().services().keySet())
            .isEqualTo(alone.stack().services().keySet());
      }
    }));
  }
}
