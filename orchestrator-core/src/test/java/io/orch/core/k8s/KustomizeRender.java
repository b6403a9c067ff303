package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes an export's Kustomize base to a temporary directory, renders it with the real {@code kubectl kustomize}
 * (kustomize v5, offline) and compares the rendered objects with the plain export's. kubectl is on the machine image;
 * without it this fails (it does not skip), saying so.
 */
final class KustomizeRender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KustomizeRender() {}

  static void assertRendersSameObjects(String stackName, ExportOptions options, KubernetesExport export,
      boolean... jsonOrYaml) throws Exception {
    for (boolean json : jsonOrYaml) {
      Path dir = Files.createTempDirectory("ex-kustomize-");
      try {
        for (Map.Entry<String, String> f : KustomizeLayout.files(stackName, options, export, json).entrySet()) {
          Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        List<JsonNode> rendered = sorted(parse(kustomize(dir)));
        List<JsonNode> plain = sorted(ManifestYamlQuotingTest.trees(export.manifests()).stream()
            .map(KustomizeRender::normalized).toList());
        assertThat(rendered).as("kubectl kustomize " + dir + " (" + (json ? "JSON" : "YAML") + " files)")
            .isEqualTo(plain);
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  static String kustomize(Path dir) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new AssertionError("kubectl (with kustomize v5) is needed to check the Kustomize base and is not on the"
          + " PATH: it is part of the machine image (.ci/run checks for it)", e);
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize " + dir + ": " + new String(err, StandardCharsets.UTF_8))
        .isZero();
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
