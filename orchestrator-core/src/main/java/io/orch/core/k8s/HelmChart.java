package io.orch.core.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orch.core.k8s.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Helm chart of an export: {@code Chart.yaml}, {@code values.yaml} with each service's image, replicas, resources
 * and published ports, and one template per object in which exactly those fields read the values. With the default
 * values the chart renders to the objects of the plain export.
 *
 * <p>The templates use only Go text/template built-ins ({@code index} and {@code printf "%q"}), no Sprig function, so
 * that any Go template engine, Helm's or the standard library's, renders them the same; strings are printed with
 * {@code %q}, a double-quoted string YAML reads back unchanged.
 */
public final class HelmChart {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MARK = "orch-helm-value-";

  private HelmChart() {}

  /** File path (relative to the chart directory) to content. */
  public static Map<String, String> files(String stackName, ExportOptions options, KubernetesExport export) {
    ManifestWriter writer = new ManifestWriter();
    ObjectNode services = NODES.objectNode();
    Map<String, String> expressions = new LinkedHashMap<>();
    Map<String, String> templates = new LinkedHashMap<>();
    List<Manifest> manifests = export.manifests();
    for (int i = 0; i < manifests.size(); i++) {
      Manifest m = manifests.get(i);
      ObjectNode tree = (ObjectNode) writer.tree(m);
      parameterize(m, tree, services, expressions);
      String yaml = writer.yamlOfTree(tree);
      for (Map.Entry<String, String> e : expressions.entrySet()) {
        yaml = yaml.replace(e.getKey(), e.getValue());
      }
      String name = String.format(Locale.ROOT, "templates/%02d-%s-%s.yaml", i + 1, m.metadata().name(),
          m.kind().toLowerCase(Locale.ROOT));
      templates.put(name, yaml);
    }
    String chartName = KubernetesNames.sanitize(KubernetesExporter.partOfLabel(stackName), KubernetesNames.MAX);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Chart.yaml", KustomizeLayout.MARKER + " from stack \"" + stackName + "\".\n"
        + "apiVersion: v2\n"
        + "name: " + chartName + "\n"
        + "description: " + quoted("The " + stackName + " stack, converted from Compose by orch") + "\n"
        + "type: application\n"
        + "version: 0.1.0\n");
    ObjectNode values = NODES.objectNode();
    values.set("services", services);
    files.put("values.yaml", KustomizeLayout.MARKER + " from stack \"" + stackName + "\".\n"
        + "# Per service (by its Kubernetes name): image, replicas, resources, publishedPorts.\n"
        + writer.yamlOfTree(values));
    files.putAll(templates);
    return files;
  }

  /** Replaces the per-service fields by marks, records their values and the template expression for each mark. */
  private static void parameterize(Manifest m, ObjectNode tree, ObjectNode services, Map<String, String> expressions) {
    String service = m.metadata().labels().get(KubernetesExporter.NAME_LABEL);
    if (service == null) {
      return;
    }
    switch (m.kind()) {
      case "Deployment", "StatefulSet", "Job" -> {
        ObjectNode values = serviceValues(services, service);
        ObjectNode spec = (ObjectNode) tree.get("spec");
        if (!m.kind().equals("Job") && spec.has("replicas")) {
          values.set("replicas", spec.get("replicas"));
          spec.put("replicas", mark(expressions, "{{ " + path(service, "replicas") + " }}"));
        }
        ObjectNode container = (ObjectNode) spec.at("/template/spec/containers/0");
        values.set("image", container.get("image"));
        container.put("image", mark(expressions, "{{ printf \"%q\" (" + path(service, "image") + ") }}"));
        JsonNode resources = container.get("resources");
        if (resources != null) {
          values.set("resources", resources.deepCopy());
          resources.fields().forEachRemaining(kind -> {
            ObjectNode quantities = (ObjectNode) kind.getValue();
            List<String> names = new ArrayList<>();
            quantities.fieldNames().forEachRemaining(names::add);
            for (String q : names) {
              quantities.put(q, mark(expressions, "{{ printf \"%q\" (" + path(service, "resources", kind.getKey(), q)
                  + ") }}"));
            }
          });
        }
      }
      case "Service" -> {
        if (!tree.path("spec").path("type").asText().equals("ClusterIP") && tree.at("/spec/ports").isArray()) {
          ObjectNode values = serviceValues(services, service);
          ArrayNode published = values.putArray("publishedPorts");
          ArrayNode ports = (ArrayNode) tree.at("/spec/ports");
          for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = (ObjectNode) ports.get(i);
            published.add(port.get("port"));
            port.put("port", mark(expressions, "{{ " + path(service, "publishedPorts") + " " + i + " }}"));
          }
          // The template reads the index as a separate argument: index .Values.services "web" "publishedPorts" 0.
        }
      }
      default -> { }
    }
  }

  private static ObjectNode serviceValues(ObjectNode services, String service) {
    JsonNode existing = services.get(service);
    return existing != null ? (ObjectNode) existing : services.putObject(service);
  }

  /** {@code index .Values.services "web" "image"}: index works for any key, '-' included. */
  private static String path(String service, String... keys) {
    StringBuilder sb = new StringBuilder("index .Values.services ").append(quoted(service));
    for (String k : keys) {
      sb.append(' ').append(quoted(k));
    }
    return sb.toString();
  }

  private static String mark(Map<String, String> expressions, String expression) {
    String mark = MARK + expressions.size() + "-end";
    expressions.put(mark, expression);
    return mark;
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
