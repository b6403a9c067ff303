package io.orch.core.k8s;

import static io.orch.core.testkit.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.testkit.ServiceBuilder;
import io.orch.core.testkit.Stacks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strings that a YAML 1.1 (or 1.2) reader would take for another type are quoted in orch's output. */
class ManifestYamlQuotingTest {
  /** YAML 1.1 booleans, sexagesimal numbers, octal/hex/binary/underscored numbers, floats, nulls, timestamps... */
  static final List<String> AMBIGUOUS = List.of(
      "12:00", "1:20:30", "190:20:30.15", "-1:30", "yes", "Yes", "YES", "no", "No", "on", "On", "OFF", "off", "y",
      "Y", "n", "N", "true", "False", "0o17", "017", "0x1F", "0b101", "1_000", "+12", "-0", "1e3", "1E3", "6.8523e+5",
      ".5", "1.", "+.inf", "-.Inf", ".NaN", ".nan", "~", "null", "Null", "NULL", "", " ", "2024-01-01",
      "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "=", "<<", "0:00", "3.14", "-.5e-3", "0",
      "on-failure", "0.0.0.0", "#not-a-comment", "a: b", "- item", "@at", "`tick", "!tag", "&anchor", "*alias",
      "%percent", "{x}", "[x]", "'single'", "\"double\"", "trailing ", "multi\nline", "tab\tinside", "x #y");

  @Test
  void ambiguous_strings_read_back_as_the_same_strings_with_a_yaml_1_1_reader() throws Exception {
    ServiceBuilder app = service("app", "app:1");
    for (int i = 0; i < AMBIGUOUS.size(); i++) {
      app.env("V" + i, AMBIGUOUS.get(i));
    }
    app.command(AMBIGUOUS.toArray(String[]::new));
    for (String v : List.of("12:00", "yes", "0o17", "1e3", "~", "2024-01-01", "on")) {
      app.label("example.com/k-" + Integer.toHexString(v.hashCode()), v);
    }
    for (String key : List.of("yes", "on", "y", "null", "true", "<<")) {
      app.label(key, "x");
    }
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s", app.build()));
    String yaml = new ManifestWriter().yaml("s", export);
    ManifestWriter writer = new ManifestWriter();
    List<JsonNode> trees = export.manifests().stream().map(writer::tree).toList();
    Yaml11ReadBack.assertSameObjects(yaml, trees);
    // YAML 1.2 readers (Go's yaml.v3, kubectl) read 0o17 as octal: quoted although YAML 1.1 would keep it a string.
    assertThat(yaml).contains("value: \"0o17\"", "value: \"12:00\"", "value: \"yes\"", "value: \"1e3\"",
        "value: \"~\"");
  }

  @Test
  void plain_words_stay_unquoted() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("app", "nginx:1.27").env("MODE", "production").env("URL", "http://db:5432/x").build()));
    String yaml = new ManifestWriter().yaml("s", export);
    assertThat(yaml).contains("value: production", "value: http://db:5432/x", "image: nginx:1.27");
  }

  static List<JsonNode> trees(List<Manifest> manifests) {
    ManifestWriter writer = new ManifestWriter();
    return manifests.stream().map(writer::tree).toList();
  }
}
