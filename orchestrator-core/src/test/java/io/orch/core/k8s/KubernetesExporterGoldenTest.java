package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full YAML of `orch convert k8s` for four stacks, kept in src/test/resources/k8s/golden. A change in output is
 * a change users see: review the diff, then regenerate with {@code -Dorch.golden.update=true}.
 */
class KubernetesExporterGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/k8s/golden");

  static Stream<Arguments> stacks() {
    return Stream.of(
        Arguments.of("web-db", GoldenStacks.webDb(), ExportOptions.DEFAULT),
        Arguments.of("awkward", GoldenStacks.awkward(), ExportOptions.DEFAULT),
        Arguments.of("autoscaled", GoldenStacks.autoscaled(), ExportOptions.DEFAULT),
        Arguments.of("dns-loadbalancer", GoldenStacks.dns(),
            new ExportOptions("edge-prod", PublishedExposure.LOAD_BALANCER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void output_matches_golden_file(String name, Stack stack, ExportOptions options) throws IOException {
    KubernetesExport export = new KubernetesExporter(options).export(stack);
    String yaml = new ManifestWriter().yaml(stack.name(), export);
    Path file = GOLDEN.resolve(name + ".yaml");
    if (Boolean.getBoolean("orch.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }
    assertThat(yaml).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void every_document_validates_against_the_kubernetes_schemas(String name, Stack stack, ExportOptions options) {
    KubernetesSchemas schemas = KubernetesSchemas.require();
    KubernetesExport export = new KubernetesExporter(options).export(stack);
    List<String> violations = export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList();
    assertThat(violations).isEmpty();
  }
}
