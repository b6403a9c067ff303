package io.orch.core.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.orch.core.k8s.manifest.Manifest;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an export as multi-document YAML headed by its warnings as comments, as a JSON list, or as one YAML file per
 * object (numbered so that {@code kubectl apply -f DIR} applies them in order). Unset fields are left out.
 */
public final class ManifestWriter {
  private final ObjectMapper yaml = YAMLMapper.builder(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .stringQuotingChecker(new AmbiguousScalarQuoting())
          .build())
      .serializationInclusion(JsonInclude.Include.NON_EMPTY)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();
  private final ObjectMapper json = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_EMPTY)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /** Every manifest as a YAML document, after a comment naming the stack and listing every warning. */
  public String yaml(String stackName, KubernetesExport export) {
    StringBuilder sb = new StringBuilder(header(stackName, export));
    for (Manifest m : export.manifests()) {
      sb.append("---\n").append(yamlOf(m));
    }
    return sb.toString();
  }

  /** The manifests as a JSON array (warnings are not part of it: print them separately). */
  public String json(KubernetesExport export) {
    try {
      return json.writeValueAsString(export.manifests()) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File name to content: {@code 01-web-secret.yaml}, ... each with the warnings header. */
  public Map<String, String> files(String stackName, KubernetesExport export) {
    Map<String, String> files = new LinkedHashMap<>();
    List<Manifest> manifests = export.manifests();
    for (int i = 0; i < manifests.size(); i++) {
      Manifest m = manifests.get(i);
      files.put(fileName(i, manifests.size(), m, "yaml"), header(stackName, export) + yamlOf(m));
    }
    return files;
  }

  /** File name to content: {@code 01-web-secret.json}, ... one JSON object per file. */
  public Map<String, String> jsonFiles(KubernetesExport export) {
    Map<String, String> files = new LinkedHashMap<>();
    List<Manifest> manifests = export.manifests();
    for (int i = 0; i < manifests.size(); i++) {
      Manifest m = manifests.get(i);
      try {
        files.put(fileName(i, manifests.size(), m, "json"), json.writeValueAsString(m) + "\n");
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static String fileName(int index, int count, Manifest m, String extension) {
    int width = Math.max(2, String.valueOf(count).length());
    return String.format(Locale.ROOT, "%0" + width + "d-%s-%s.%s", index + 1, m.metadata().name(),
        m.kind().toLowerCase(Locale.ROOT), extension);
  }

  /** One manifest as a tree (what the JSON output holds for it); handy for schema validation. */
  public com.fasterxml.jackson.databind.JsonNode tree(Manifest m) {
    return json.valueToTree(m);
  }

  /** A tree (e.g. a manifest's, changed) as one YAML document, quoted as the manifests are. */
  String yamlOfTree(com.fasterxml.jackson.databind.JsonNode tree) {
    try {
      return yaml.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String yamlOf(Manifest m) {
    try {
      return yaml.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String header(String stackName, KubernetesExport export) {
    return MigrationReport.header(stackName, export);
  }

}
