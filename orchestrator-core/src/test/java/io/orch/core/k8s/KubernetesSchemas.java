package io.orch.core.k8s;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.testkit.SharedDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates manifests against the strict Kubernetes v1.32.2 JSON schemas in shared/k8s-schemas. There is no Job,
 * StatefulSet or PodDisruptionBudget schema in that set: a Job's or StatefulSet's pod template is checked against the
 * Deployment schema's pod template (the same PodTemplateSpec type), a StatefulSet's claim templates against the
 * PersistentVolumeClaim schema, a PodDisruptionBudget's spec field names here, and their own few fields by the
 * tests.
 */
final class KubernetesSchemas {
  private static final String DIR = "k8s-schemas/v1.32.2";
  private static final Map<String, String> FILES = Map.of(
      "Deployment", "deployment-apps-v1.json",
      "Service", "service-v1.json",
      "PersistentVolumeClaim", "persistentvolumeclaim-v1.json",
      "Secret", "secret-v1.json",
      "ConfigMap", "configmap-v1.json",
      "NetworkPolicy", "networkpolicy-networking-v1.json",
      "Ingress", "ingress-networking-v1.json",
      "HorizontalPodAutoscaler", "horizontalpodautoscaler-autoscaling-v2.json");

  private final ObjectMapper mapper = new ObjectMapper();
  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private final ManifestWriter writer = new ManifestWriter();
  private final Path dir;
  private final Map<String, JsonSchema> schemas = new HashMap<>();

  private KubernetesSchemas(Path dir) {
    this.dir = dir;
  }

  /** The schemas, or the test is reported as skipped, saying why. */
  static KubernetesSchemas require() {
    return new KubernetesSchemas(SharedDir.require(DIR));
  }

  /** Schema violations of one manifest, as readable strings; empty when valid. */
  List<String> violations(Manifest m) {
    JsonNode node = writer.tree(m);
    if (m.kind().equals("Job") || m.kind().equals("StatefulSet")) {
      JsonSchema template = schemas.computeIfAbsent("Job/template", k -> load(FILES.get("Deployment"),
          "/properties/spec/properties/template"));
      List<String> problems = new java.util.ArrayList<>(messages(m, template.validate(node.at("/spec/template"))));
      JsonSchema claim = schemas.computeIfAbsent("PersistentVolumeClaim", k -> load(FILES.get(k), ""));
      node.at("/spec/volumeClaimTemplates").forEach(t -> problems.addAll(messages(m, claim.validate(t))));
      return problems;
    }
    if (m.kind().equals("PodDisruptionBudget")) {
      // No policy/v1 schema in the set: its two fields are checked here, by name and type.
      JsonNode spec = node.get("spec");
      List<String> problems = new java.util.ArrayList<>();
      spec.fieldNames().forEachRemaining(f -> {
        if (!f.equals("maxUnavailable") && !f.equals("selector") && !f.equals("minAvailable")) {
          problems.add(m.kind() + "/" + m.metadata().name() + ": unknown field spec." + f);
        }
      });
      if (!spec.path("selector").path("matchLabels").isObject()) {
        problems.add(m.kind() + "/" + m.metadata().name() + ": no spec.selector.matchLabels");
      }
      return problems;
    }
    String file = FILES.get(m.kind());
    if (file == null) {
      return List.of("no schema for kind " + m.kind());
    }
    return messages(m, schemas.computeIfAbsent(m.kind(), k -> load(file, "")).validate(node));
  }

  private static List<String> messages(Manifest m, java.util.Set<ValidationMessage> errors) {
    return errors.stream().map(e -> m.kind() + "/" + m.metadata().name() + ": " + e.getMessage()).sorted().toList();
  }

  private JsonSchema load(String file, String pointer) {
    try {
      JsonNode root = mapper.readTree(dir.resolve(file).toFile());
      JsonNode node = pointer.isEmpty() ? root : root.at(pointer).deepCopy();
      // "http://json-schema.org/schema#" names no draft the validator knows; the files are draft-04.
      ((ObjectNode) node).remove("$schema");
      return factory.getSchema(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
