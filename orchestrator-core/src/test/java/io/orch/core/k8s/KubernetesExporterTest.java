package io.orch.core.k8s;

import static io.orch.core.testkit.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.core.k8s.manifest.KubeService;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.testkit.Stacks;
import io.orch.core.k8s.manifest.ConfigMap;
import io.orch.core.k8s.manifest.Deployment;
import io.orch.core.k8s.manifest.PodSpec;
import io.orch.core.k8s.manifest.Secret;
import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesExporterTest {
  @Test
  void names_that_collide_after_sanitizing_stay_unique_and_are_reported() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT)
        .export(Stacks.of("s", service("my-app", "a:1").build(), service("my_app", "b:1").build()));
    assertThat(export.manifests()).extracting(m -> m.kind() + "/" + m.metadata().name()).containsExactly(
        "Deployment/my-app", "Service/my-app", "Deployment/my-app-2", "Service/my-app-2", "NetworkPolicy/default-network");
    assertThat(export.warnings()).extracting(ExportWarning::path).containsExactly("services.my_app");
    assertThat(export.warnings().get(0).message()).contains("\"my-app-2\"", "unique", "\"my_app\" must change");
  }

  @Test
  void a_service_without_ports_gets_a_headless_service_so_its_name_resolves() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("app", "app:1").env("DATABASE_URL", "postgres://db:5432/app").build(),
        service("db", "postgres:16").build()));
    KubeService db = serviceNamed(export, "db");
    assertThat(db.spec().clusterIP()).isEqualTo("None");
    assertThat(db.spec().ports()).isEmpty();
    assertThat(db.spec().selector()).containsEntry("app.kubernetes.io/name", "db");
    assertThat(export.warnings()).isEmpty();
  }

  @Test
  void network_aliases_and_container_names_become_services_selecting_the_same_pods() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("cache", "redis:7").expose("6379").network("back", "redis", "kv").build().toBuilder()
            .containerName("the-cache").build(),
        service("app", "app:1").network("back").env("REDIS", "redis:6379").build()));
    for (String alias : List.of("redis", "kv", "the-cache")) {
      KubeService s = serviceNamed(export, alias);
      assertThat(s.spec().selector()).containsEntry("app.kubernetes.io/name", "cache");
      assertThat(s.spec().ports()).extracting(KubeService.Port::port).containsExactly(6379);
    }
    assertThat(export.warnings()).isEmpty();
  }

  @Test
  void an_alias_that_another_service_already_is_called_is_warned_by_name() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("a", "a:1").network("n", "b").build(), service("b", "b:1").network("n").build()));
    assertThat(export.manifests()).filteredOn(m -> m.kind().equals("Service"))
        .extracting(m -> ((KubeService) m).spec().selector().get("app.kubernetes.io/name"), m -> m.metadata().name())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "a"), org.assertj.core.groups.Tuple.tuple("b", "b"));
    assertThat(export.warnings()).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("services.a.networks.n.aliases[0]");
      assertThat(w.message()).contains("\"b\"", "service b");
    });
  }

  private static KubeService serviceNamed(KubernetesExport export, String name) {
    return export.manifests().stream().filter(m -> m instanceof KubeService && m.metadata().name().equals(name))
        .map(KubeService.class::cast).findFirst().orElseThrow(() -> new AssertionError("no Service " + name));
  }

  @Test
  void shared_namespaces_are_reported_not_silently_dropped() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("web", "a:1").build().toBuilder().ipc("host").build()));
    assertThat(export.warnings()).extracting(ExportWarning::path).contains("services.web");
  }

  @Test
  void secrets_and_configs_become_objects_mounted_at_composes_paths_with_their_mode() {
    FileMount pw = new FileMount(FileMount.Kind.SECRET, "db_password", "/run/secrets/db_password", null, null, 0400,
        FileSource.ofFile("/host/pw.txt", "d"));
    FileMount conf = new FileMount(FileMount.Kind.CONFIG, "nginx.conf", "/etc/nginx/nginx.conf", "101", null, null,
        FileSource.ofContent("worker_processes 1;\n"));
    FileMount blob = new FileMount(FileMount.Kind.CONFIG, "blob", "/blob", null, null, null,
        FileSource.ofFile("/host/blob.bin", "d"));
    Map<String, byte[]> disk = Map.of("/host/pw.txt", "s3cret".getBytes(StandardCharsets.UTF_8),
        "/host/blob.bin", new byte[] {(byte) 0xff, 0, 1});
    ExportOptions options = new ExportOptions(null, null, p -> Optional.ofNullable(disk.get(p)));
    KubernetesExport export = new KubernetesExporter(options).export(Stacks.of("s",
        service("web", "nginx:1.27").build().toBuilder().secrets(List.of(pw)).configs(List.of(conf, blob)).build(),
        service("api", "api:1").build().toBuilder().secrets(List.of(pw)).build()));

    List<Secret> secrets = kind(export, Secret.class);
    assertThat(secrets).singleElement().satisfies(s -> {
      assertThat(s.metadata().name()).isEqualTo("db-password");
      assertThat(s.data()).containsExactly(Map.entry("db_password",
          Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8))));
    });
    List<ConfigMap> configs = kind(export, ConfigMap.class);
    assertThat(configs).extracting(c -> c.metadata().name()).containsExactly("nginx-conf", "blob");
    assertThat(configs.get(0).data()).containsExactly(Map.entry("nginx.conf", "worker_processes 1;\n"));
    assertThat(configs.get(1).binaryData()).containsExactly(Map.entry("blob", "/wAB"));

    PodSpec web = kind(export, Deployment.class).stream().filter(d -> d.metadata().name().equals("web"))
        .findFirst().orElseThrow().spec().template().spec();
    assertThat(web.containers().get(0).volumeMounts()).extracting(PodSpec.VolumeMount::mountPath,
        PodSpec.VolumeMount::subPath, PodSpec.VolumeMount::readOnly).containsExactly(
        tuple("/run/secrets/db_password", "db_password", true), tuple("/etc/nginx/nginx.conf", "nginx.conf", true),
        tuple("/blob", "blob", true));
    assertThat(web.volumes()).extracting(v -> v.secret() != null ? v.secret().items().get(0).mode()
        : v.configMap().items().get(0).mode()).containsExactly(0400, 0444, 0444);
    assertThat(export.warnings()).extracting(ExportWarning::path)
        .contains("services.web.configs[0]", "secrets.db_password").doesNotContain("services.web.secrets");
    KubernetesSchemas schemas = KubernetesSchemas.require();
    assertThat(export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList()).isEmpty();
  }

  @Test
  void a_secret_file_that_cannot_be_read_is_exported_empty_with_the_command_that_fills_it() {
    FileMount pw = new FileMount(FileMount.Kind.SECRET, "pw", "/run/secrets/pw", null, null, null,
        FileSource.ofFile("/nowhere/pw", "d"));
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(Stacks.of("s",
        service("web", "a:1").build().toBuilder().secrets(List.of(pw)).build()));
    assertThat(kind(export, Secret.class)).singleElement().extracting(Secret::data).isEqualTo(Map.of("pw", ""));
    assertThat(export.warnings()).anySatisfy(w -> assertThat(w.message())
        .contains("/nowhere/pw could not be read", "kubectl create secret generic pw --from-file=pw=/nowhere/pw"));
  }

  private static <T extends Manifest> List<T> kind(KubernetesExport export, Class<T> type) {
    return export.manifests().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void node_port_exposure_keeps_published_ports_in_the_node_port_range() {
    KubernetesExport export = new KubernetesExporter(new ExportOptions(null, PublishedExposure.NODE_PORT))
        .export(Stacks.of("s", service("web", "nginx:1.27").port(30080, 80).port(8443, 443).build()));
    KubeService published = export.manifests().stream()
        .filter(m -> m instanceof KubeService s && s.spec().type().equals("NodePort"))
        .map(KubeService.class::cast).findFirst().orElseThrow();
    assertThat(published.spec().ports()).extracting(KubeService.Port::nodePort).containsExactly(30080, null);
    assertThat(export.warnings()).extracting(ExportWarning::message)
        .anyMatch(m -> m.contains("8443 is outside the NodePort range"));
  }

  @Test
  void json_output_is_a_list_of_the_same_objects_in_the_same_order() throws Exception {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(GoldenStacks.webDb());
    JsonNode list = new ObjectMapper().readTree(new ManifestWriter().json(export));
    assertThat(list.isArray()).isTrue();
    List<String> kinds = export.manifests().stream().map(Manifest::kind).toList();
    assertThat(list).extracting(n -> n.get("kind").asText()).containsExactlyElementsOf(kinds);
  }

  @Test
  void one_file_per_object_numbered_in_apply_order() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(GoldenStacks.webDb());
    assertThat(new ManifestWriter().files("shop", export).keySet()).startsWith(
        "01-db-secrets-secret.yaml", "02-pgdata-persistentvolumeclaim.yaml", "03-db-deployment.yaml",
        "04-db-service.yaml");
  }

  @Test
  void every_warning_is_in_the_output_header() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(GoldenStacks.awkward());
    String yaml = new ManifestWriter().yaml("Ops_Tools", export);
    assertThat(export.warnings()).hasSizeGreaterThan(10)
        .allSatisfy(w -> assertThat(yaml).contains("#   " + w.path() + ": " + w.message()));
  }
}
