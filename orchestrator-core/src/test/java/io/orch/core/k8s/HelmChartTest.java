package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * `orch convert k8s --helm DIR`: the chart's templates, rendered by Go's text/template (the engine Helm uses; Debian's
 * golang-go, installed by .ci/run) with the chart's own values.yaml, give exactly the objects of the plain export.
 * Without go this fails, it does not skip.
 */
class HelmChartTest {
  @TempDir Path dir;

  @Test
  void templates_rendered_with_the_default_values_are_the_plain_export() throws Exception {
    HelmRender charts = new HelmRender(dir);
    for (Arguments a : KustomizeLayoutTest.stacks().toList()) {
      io.orch.core.model.Stack stack = (io.orch.core.model.Stack) a.get()[1];
      ExportOptions options = (ExportOptions) a.get()[2];
      KubernetesExport export = new KubernetesExporter(options).export(stack);
      Map<String, String> files = charts.add(stack.name(), options, export);
      assertThat(files.get("Chart.yaml")).contains("apiVersion: v2", "version: 0.1.0");
      assertThat(files.keySet()).filteredOn(f -> f.startsWith("templates/")).hasSize(export.manifests().size());
      assertThat(files.values()).anyMatch(t -> t.contains("image: {{ printf \"%q\" (index .Values.services"));
    }
    charts.assertEachRendersItsExport();
  }

  @Test
  void values_hold_image_replicas_resources_and_published_ports() throws Exception {
    KubernetesExport export = new KubernetesExporter(new ExportOptions(null, PublishedExposure.LOAD_BALANCER))
        .export(GoldenStacks.webDb());
    String values = HelmChart.files("shop", ExportOptions.DEFAULT, export).get("values.yaml");
    assertThat(values).contains("services:", "  web:", "    image: ", "    replicas: ", "    resources:",
        "    publishedPorts:");
  }
}
