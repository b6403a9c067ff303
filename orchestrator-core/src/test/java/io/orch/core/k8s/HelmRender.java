package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes Helm charts of exports, renders their templates with Go's own text/template (src/test/resources/helm/
 * render.go, run with Debian's golang-go; one go run for many charts) and compares each chart's objects with its plain
 * export's. Without go this fails, it does not skip.
 */
final class HelmRender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Map<Path, KubernetesExport> charts = new LinkedHashMap<>();

  HelmRender(Path dir) {
    this.dir = dir;
  }

  /** Writes the chart of one export, to be rendered by {@link #assertEachRendersItsExport}. */
  Map<String, String> add(String stackName, ExportOptions options, KubernetesExport export) throws IOException {
    Map<String, String> files = HelmChart.files(stackName, options, export);
    Path chart = dir.resolve("chart-" + charts.size());
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = chart.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
    JSON.writeValue(chart.resolve("values.json").toFile(), new YAMLMapper().readTree(files.get("values.yaml")));
    charts.put(chart, export);
    return files;
  }

  Path dir() {
    return dir;
  }

  int size() {
    return charts.size();
  }

  void assertEachRendersItsExport() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("go", "run",
        Path.of(HelmRender.class.getResource("/helm/render.go").toURI()).toString()));
    charts.keySet().forEach(c -> cmd.addAll(List.of(c.toString(), c.resolve("values.json").toString())));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectError(dir.resolve("render.err").toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("go (Debian's golang-go) is needed to render the Helm templates with Go's"
          + " text/template and is not on the PATH: .ci/run installs it", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("go run render.go finished").isTrue();
    assertThat(p.exitValue()).as("go run render.go: " + Files.readString(dir.resolve("render.err"))).isZero();
    String[] parts = out.split("(?m)^# chart: ");
    List<Path> order = new ArrayList<>(charts.keySet());
    assertThat(parts).hasSize(order.size() + 1);
    for (int i = 0; i < order.size(); i++) {
      String rendered = parts[i + 1].substring(parts[i + 1].indexOf('\n') + 1);
      assertThat(sorted(parse(rendered))).as("chart " + order.get(i) + " rendered with its values.yaml")
          .isEqualTo(sorted(ManifestYamlQuotingTest.trees(charts.get(order.get(i)).manifests()).stream()
              .map(HelmRender::normalized).toList()));
    }
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
