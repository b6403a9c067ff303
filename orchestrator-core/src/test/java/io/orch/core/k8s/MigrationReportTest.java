package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `orch convert k8s --report`: differences grouped by consequence, then by service. */
class MigrationReportTest {
  @Test
  void differences_are_grouped_by_consequence_then_service_with_stack_wide_keys_last() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(GoldenStacks.awkward());
    String report = MigrationReport.text("Ops_Tools", export);
    assertThat(report).startsWith("Migration report for stack \"Ops_Tools\" to Kubernetes: " + export.warnings().size()
        + " difference(s) to check before going live.");
    int data = report.indexOf("\ndata (");
    int reach = report.indexOf("\nreachability (");
    int restarts = report.indexOf("\nrestarts and backoff (");
    int other = report.indexOf("\nother keys (");
    assertThat(data).isPositive().isLessThan(reach);
    assertThat(reach).isLessThan(restarts);
    assertThat(restarts).isLessThan(other);
    String dataGroup = report.substring(data, reach);
    assertThat(dataGroup).contains("  service Docker_Agent:\n    - services.Docker_Agent.volumes[0]: bind mount of the"
        + " Docker Engine's socket");
    assertThat(report.substring(reach, restarts))
        .contains("  service cache:\n", "    - services.cache.ports[0]: host_ip 127.0.0.1");
    assertThat(report.substring(restarts, other)).contains("services.db_migrate.restart: ")
        .doesNotContain("bind mount");
    export.warnings().forEach(w -> assertThat(report).contains("    - " + w.path() + ": " + w.message()));
  }

  @Test
  void every_consequence_has_its_warnings_typed_not_matched_by_text() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(GoldenStacks.awkward());
    assertThat(export.warnings()).filteredOn(w -> w.path().endsWith(".restart"))
        .allSatisfy(w -> assertThat(w.consequence()).isEqualTo(Consequence.RESTARTS));
    assertThat(export.warnings()).filteredOn(w -> w.message().contains("hostPath"))
        .allSatisfy(w -> assertThat(w.consequence()).isEqualTo(Consequence.DATA));
    assertThat(export.warnings()).filteredOn(w -> w.message().contains("clients that use"))
        .allSatisfy(w -> assertThat(w.consequence()).isEqualTo(Consequence.REACHABILITY));
  }

  @Test
  void a_stack_that_maps_exactly_says_so() {
    KubernetesExport export = new KubernetesExport(java.util.List.of(), java.util.List.of());
    assertThat(MigrationReport.text("s", export)).contains("every key maps exactly");
  }
}
