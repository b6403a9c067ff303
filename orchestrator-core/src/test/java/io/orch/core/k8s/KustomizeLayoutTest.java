package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Stack;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The Kustomize base of `orch convert k8s -o DIR`, rendered by the real kubectl kustomize. */
class KustomizeLayoutTest {
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
  void kubectl_kustomize_renders_exactly_the_plain_exports_objects(String name, Stack stack, ExportOptions options)
      throws Exception {
    KubernetesExport export = new KubernetesExporter(options).export(stack);
    KustomizeRender.assertRendersSameObjects(stack.name(), options, export, false, true);
  }

  @Test
  void the_kustomization_lists_every_object_file_in_apply_order_with_the_common_labels() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(GoldenStacks.webDb());
    Map<String, String> files = KustomizeLayout.files("shop", ExportOptions.DEFAULT, export, false);
    String kustomization = files.get(KustomizeLayout.FILE);
    assertThat(files).hasSize(export.manifests().size() + 1);
    assertThat(kustomization).startsWith(KustomizeLayout.MARKER)
        .contains("kind: Kustomization", "app.kubernetes.io/part-of: \"shop\"", "app.kubernetes.io/managed-by: orch");
    String resources = kustomization.substring(kustomization.indexOf("resources:\n"));
    StringBuilder expected = new StringBuilder("resources:\n");
    files.keySet().stream().filter(f -> !f.equals(KustomizeLayout.FILE))
        .forEach(f -> expected.append("  - ").append(f).append('\n'));
    assertThat(resources).isEqualTo(expected.toString());
  }
}
