package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.orch.core.model.Stack;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * `orch convert k8s --helm DIR`: the chart's templates, rendered by Go's text/template (the engine Helm uses; Debian's
 * golang-go, installed by .ci/run) with the chart's own values.yaml, give exactly the objects of the plain export.
 * Without go this fails, it does not skip.
 */
class HelmChartTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Stream<Arguments> stacks() {
    return KustomizeLayoutTest.stacks();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void templates_rendered_with_the_default_values_are_the_plain_export(String name, Stack stack,
      ExportOptions options) throws Exception {
    KubernetesExport export = new KubernetesExporter(options).export(stack);
    Map<String, String> files = HelmChart.files(stack.name(), options, export);
    Path chart = dir.resolve(name);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = chart.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
    assertThat(files.get("Chart.yaml")).contains("apiVersion: v2", "version: 0.1.0");
    assertThat(files.keySet()).filteredOn(f -> f.startsWith("templates/")).hasSize(export.manifests().size());
    assertThat(files.values()).anyMatch(t -> t.contains("image: {{ printf \"%q\" (index .Values.services"));

    JsonNode values = new YAMLMapper().readTree(files.get("values.yaml"));
    Path valuesJson = dir.resolve(name + "-values.json");
    JSON.writeValue(valuesJson.toFile(), values);
    List<JsonNode> rendered = sorted(parse(render(chart, valuesJson)));
    List<JsonNode> plain = sorted(ManifestYamlQuotingTest.trees(export.manifests()).stream()
        .map(HelmChartTest::normalized).toList());
    assertThat(rendered).isEqualTo(plain);
  }

  private static String render(Path chart, Path values) throws IOException, InterruptedException,
      URISyntaxException {
    Path program = Path.of(HelmChartTest.class.getResource("/helm/render.go").toURI());
    Process p;
    try {
      p = new ProcessBuilder("go", "run", program.toString(), chart.toString(), values.toString())
          .redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new AssertionError("go (Debian's golang-go) is needed to render the Helm templates with Go's"
          + " text/template and is not on the PATH: .ci/run installs it", e);
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("go run render.go finished").isTrue();
    assertThat(p.exitValue()).as("go run render.go: " + new String(err, StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static List<JsonNode> parse(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(yaml)) {
      if (doc != null) {
        docs.add(JSON.readTree(JSON.writeValueAsString(doc)));
      }
    }
    return docs;
  }

  private static JsonNode normalized(JsonNode n) {
    try {
      return JSON.readTree(JSON.writeValueAsString(n));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<JsonNode> sorted(List<JsonNode> docs) {
    return docs.stream().sorted(Comparator.comparing((JsonNode n) -> n.path("kind").asText())
        .thenComparing(n -> n.path("metadata").path("name").asText())).toList();
  }
}
