package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.testkit.SharedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Acceptance of issue 4: every stack in examples/ and every loadable awesome-compose file converts without an
 * exception, and every emitted document validates against the Kubernetes v1.32.2 schemas.
 */
class KubernetesExportOfStackFilesTest {
  private static final Map<String, String> ENV = Map.of("HOME", "/home/tester");

  @TestFactory
  Stream<DynamicTest> examples() throws IOException {
    Optional<Path> examples = repoRoot().map(r -> r.resolve("examples")).filter(Files::isDirectory);
    assumeTrue(examples.isPresent(), "no examples/ folder above " + Path.of("").toAbsolutePath());
    return testsFor(stackFiles(examples.get(), 3), true);
  }

  @TestFactory
  Stream<DynamicTest> awesomeCompose() throws IOException {
    Optional<Path> dir = Optional.of(SharedDir.require("compose/awesome-compose"));
    return testsFor(stackFiles(dir.get(), 1), false);
  }

  private Stream<DynamicTest> testsFor(List<Path> files, boolean mustLoad) {
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f, mustLoad)));
  }

  private static void check(Path file, boolean mustLoad) {
    LoadResult loaded = new StackLoader(ENV).load(file, "converted", Set.of());
    if (!mustLoad && !loaded.ok()) {
      // Not convertible because orch cannot load it: never for build: (orch builds images now); the loader's own
      // tests cover the other diagnostics.
      assertThat(loaded.errors()).as("why " + file + " does not load").isNotEmpty()
          .noneSatisfy(d -> assertThat(d.path()).contains(".build"));
      return;
    }
    assertThat(loaded.ok()).as("loads: " + loaded.errors()).isTrue();
    List<KubernetesExport> exports = new java.util.ArrayList<>();
    for (PublishedExposure exposure : PublishedExposure.values()) {
      KubernetesExport export = new KubernetesExporter(new ExportOptions("team-a", exposure))
          .export(loaded.stack());
      assertThat(export.manifests()).as("a workload per service")
          .filteredOn(m -> m.kind().equals("Deployment") || m.kind().equals("StatefulSet") || m.kind().equals("Job"))
          .hasSize(loaded.stack().services().size());
      String yaml = new ManifestWriter().yaml(loaded.stack().name(), export);
      export.warnings().forEach(w -> assertThat(yaml).contains("#   " + w.path() + ": "));
      exports.add(export);
    }
    // Converting needs nothing from shared/; validating needs its schemas.
    KubernetesSchemas schemas = KubernetesSchemas.require();
    for (KubernetesExport export : exports) {
      assertThat(export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList()).isEmpty();
    }
  }

  private static List<Path> stackFiles(Path dir, int depth) throws IOException {
    try (Stream<Path> s = Files.walk(dir, depth)) {
      // Only stack files: examples/ also holds other YAML (prometheus.yml, alert rules) a loader rightly refuses, and
      // override files (compose.override.yaml), which are only a stack merged onto the file beside them.
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .filter(p -> !dir.endsWith("examples") || STACK_FILE.matcher(p.getFileName().toString()).matches()
              && !p.getFileName().toString().contains(".override."))
          .sorted().toList();
    }
  }

  private static final java.util.regex.Pattern STACK_FILE =
      java.util.regex.Pattern.compile("(compose|docker-compose|stack)(\\.[\\w-]+)?\\.ya?ml");

  private static Optional<Path> repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("orchestrator-core")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
