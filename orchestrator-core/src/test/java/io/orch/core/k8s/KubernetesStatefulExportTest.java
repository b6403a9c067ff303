package io.orch.core.k8s;

import static io.orch.core.testkit.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.k8s.manifest.Deployment;
import io.orch.core.k8s.manifest.IntOrString;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.k8s.manifest.PersistentVolumeClaim;
import io.orch.core.k8s.manifest.PodDisruptionBudget;
import io.orch.core.k8s.manifest.StatefulSet;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import io.orch.core.testkit.Stacks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replicated services with named volumes become StatefulSets; replicated services get a PodDisruptionBudget. */
class KubernetesStatefulExportTest {
  private static Stack replicatedDb(int replicas, String... otherUsers) {
    List<io.orch.core.model.ServiceSpec> services = new java.util.ArrayList<>();
    services.add(service("db", "postgres:16").replicas(replicas).named("pgdata", "/var/lib/postgresql/data")
        .expose("5432").build());
    for (String other : otherUsers) {
      services.add(service(other, "busybox:1.36").named("pgdata", "/backup").build());
    }
    return Stacks.of("shop", List.of(), List.of(VolumeSpec.local("pgdata")),
        services.toArray(io.orch.core.model.ServiceSpec[]::new));
  }

  @Test
  void a_replicated_service_with_a_named_volume_becomes_a_statefulset_with_a_claim_per_replica() throws Exception {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(replicatedDb(3));
    StatefulSet db = only(export, StatefulSet.class);
    assertThat(db.metadata().name()).isEqualTo("db");
    assertThat(db.spec().replicas()).isEqualTo(3);
    assertThat(db.spec().serviceName()).isEqualTo("db");
    assertThat(db.spec().podManagementPolicy()).isEqualTo("Parallel");
    assertThat(db.spec().volumeClaimTemplates()).singleElement().satisfies(t -> {
      assertThat(t.metadata().name()).isEqualTo("pgdata");
      assertThat(t.spec().accessModes()).containsExactly("ReadWriteOnce");
    });
    var pod = db.spec().template().spec();
    assertThat(pod.volumes()).isEmpty();
    assertThat(pod.containers().get(0).volumeMounts()).extracting(m -> m.name() + ":" + m.mountPath())
        .containsExactly("pgdata:/var/lib/postgresql/data");
    assertThat(kind(export, Deployment.class)).isEmpty();
    assertThat(kind(export, PersistentVolumeClaim.class)).as("no shared claim").isEmpty();
    assertThat(export.warnings()).extracting(ExportWarning::toString)
        .anyMatch(w -> w.contains("each replica gets its own claim pgdata-db-<n>"))
        .noneMatch(w -> w.contains("mounted by several pods"));
    assertValidAndKustomizable(stackName(export), export);
  }

  @Test
  void a_single_replica_keeps_its_deployment_and_shared_claim() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(replicatedDb(1));
    assertThat(kind(export, StatefulSet.class)).isEmpty();
    assertThat(only(export, Deployment.class).metadata().name()).isEqualTo("db");
    assertThat(only(export, PersistentVolumeClaim.class).metadata().name()).isEqualTo("pgdata");
    assertThat(kind(export, PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void another_service_mounting_the_volume_is_told_the_data_is_no_longer_shared() throws Exception {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(replicatedDb(2, "backup"));
    assertThat(only(export, StatefulSet.class).metadata().name()).isEqualTo("db");
    assertThat(only(export, PersistentVolumeClaim.class).metadata().name()).isEqualTo("pgdata");
    assertThat(export.warnings()).anySatisfy(w -> {
      assertThat(w.path()).isEqualTo("volumes.pgdata");
      assertThat(w.message()).contains("no longer shared: db claims it per replica", "backup mounts claim pgdata");
    });
    assertValidAndKustomizable(stackName(export), export);
  }

  @Test
  void two_or_more_replicas_get_a_disruption_budget_of_the_update_parallelism() throws Exception {
    UpdateConfig two = new UpdateConfig(2, Duration.ZERO, UpdateConfig.FailureAction.PAUSE, Duration.ofSeconds(5),
        0, UpdateConfig.Order.STOP_FIRST);
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("web", "nginx:1.27").replicas(5).updateConfig(two).build(),
        service("api", "api:1").replicas(2).build(),
        service("all", "a:1").replicas(3).updateConfig(new UpdateConfig(0, Duration.ZERO,
            UpdateConfig.FailureAction.PAUSE, Duration.ofSeconds(5), 0, UpdateConfig.Order.STOP_FIRST)).build(),
        service("one", "o:1").build()));
    assertThat(kind(export, PodDisruptionBudget.class))
        .extracting(p -> p.metadata().name(), p -> p.spec().maxUnavailable())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("api", IntOrString.of(1)),
            org.assertj.core.groups.Tuple.tuple("web", IntOrString.of(2)));
    assertThat(kind(export, PodDisruptionBudget.class)).allSatisfy(p ->
        assertThat(p.spec().selector().matchLabels()).containsEntry("app.kubernetes.io/name", p.metadata().name()));
    assertValidAndKustomizable(stackName(export), export);
  }

  private static String stackName(KubernetesExport export) {
    return export.manifests().get(0).metadata().labels().get("app.kubernetes.io/part-of");
  }

  private static void assertValidAndKustomizable(String stack, KubernetesExport export) throws Exception {
    KubernetesSchemas schemas = KubernetesSchemas.require();
    assertThat(export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList()).isEmpty();
    KustomizeRender.assertRendersSameObjects(stack, ExportOptions.DEFAULT, export, false);
  }

  private static <T extends Manifest> List<T> kind(KubernetesExport export, Class<T> type) {
    return export.manifests().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends Manifest> T only(KubernetesExport export, Class<T> type) {
    List<T> all = kind(export, type);
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}
