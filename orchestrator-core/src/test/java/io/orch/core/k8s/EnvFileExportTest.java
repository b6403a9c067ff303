package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.k8s.manifest.ConfigMap;
import io.orch.core.k8s.manifest.Deployment;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.k8s.manifest.PodSpec.Container;
import io.orch.core.k8s.manifest.PodSpec.EnvFromSource;
import io.orch.core.k8s.manifest.PodSpec.EnvVar;
import io.orch.core.k8s.manifest.Secret;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** env_file values go to a ConfigMap (or a Secret for secret-looking names) read with envFrom, not into the pod. */
class EnvFileExportTest {
  private static final String ENV_FILE = """
      LOG_LEVEL=info
      DB_PASSWORD=s3cret
      MODE=from-file
      PRICE='$(cheap)'
      """;
  private static final String COMPOSE = """
      services:
        web:
          image: nginx:1.27
          env_file: app.env
          environment:
            MODE: from-environment
            EXTRA: x
        plain:
          image: busybox:1.36
          environment: {ONLY: inline}
      """;

  @TempDir Path dir;

  private Stack load(String compose) throws IOException {
    Files.writeString(dir.resolve("app.env"), ENV_FILE);
    LoadResult r = new StackLoader(Map.of()).loadText(compose, "compose.yaml", dir, "shop", Set.of());
    assertThat(r.diagnostics()).noneMatch(d -> d.severity().name().equals("ERROR"));
    return r.stack();
  }

  @Test
  void env_file_values_are_a_configmap_and_a_secret_read_with_envFrom_and_environment_wins() throws Exception {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(load(COMPOSE));

    ConfigMap cm = named(export, ConfigMap.class, "web-env");
    // Written as is: Kubernetes does not expand $(VAR) in envFrom. MODE is overridden by environment: so not here.
    assertThat(cm.data()).isEqualTo(Map.of("LOG_LEVEL", "info", "PRICE", "$(cheap)"));
    Secret secret = named(export, Secret.class, "web-env-secrets");
    assertThat(secret.stringData()).isEqualTo(Map.of("DB_PASSWORD", "s3cret"));

    Container web = container(export, "web");
    assertThat(web.envFrom()).containsExactly(EnvFromSource.configMap("web-env"),
        EnvFromSource.secret("web-env-secrets"));
    assertThat(web.env()).extracting(EnvVar::name).containsExactly("EXTRA", "MODE");
    assertThat(web.env()).contains(EnvVar.literal("MODE", "from-environment"));
    assertThat(new ManifestWriter().yaml("shop", new KubernetesExport(List.of(deployment(export, "web")), List.of()))).doesNotContain("s3cret", "info");
    // Objects a pod reads come before it, so that kubectl apply -f creates them first.
    assertThat(export.manifests().indexOf(cm)).isLessThan(export.manifests().indexOf(deployment(export, "web")));

    Container plain = container(export, "plain");
    assertThat(plain.envFrom()).isEmpty();
    assertThat(plain.env()).containsExactly(EnvVar.literal("ONLY", "inline"));
    assertThat(export.manifests()).noneMatch(m -> m.metadata().name().startsWith("plain-env"));

    KubernetesSchemas schemas = KubernetesSchemas.require();
    assertThat(export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList()).isEmpty();
    KustomizeRender.assertRendersSameObjects("shop", ExportOptions.DEFAULT, export, false);
    HelmRender helm = new HelmRender(Files.createDirectories(dir.resolve("helm")));
    helm.add("shop", ExportOptions.DEFAULT, export);
    helm.assertEachRendersItsExport();
  }

  @Test
  void the_loaded_environment_and_the_spec_hash_are_those_of_the_same_values_written_inline() throws Exception {
    Stack fromFile = load(COMPOSE);
    Stack inline = load("""
        services:
          web:
            image: nginx:1.27
            environment:
              LOG_LEVEL: info
              DB_PASSWORD: s3cret
              MODE: from-environment
              PRICE: $$(cheap)
              EXTRA: x
          plain:
            image: busybox:1.36
            environment: {ONLY: inline}
        """);
    assertThat(fromFile.service("web").environment()).isEqualTo(inline.service("web").environment());
    assertThat(fromFile.service("web").envFileEnvironment()).containsEntry("MODE", "from-file").hasSize(4);
    assertThat(inline.service("web").envFileEnvironment()).isEmpty();
    assertThat(EngineSpecs.hashOf(fromFile, fromFile.service("web")))
        .isEqualTo(EngineSpecs.hashOf(inline, inline.service("web")));
  }

  @Test
  void a_value_changed_after_loading_stays_inline_so_the_pod_gets_what_orch_runs() throws Exception {
    Stack stack = load(COMPOSE);
    var web = stack.service("web");
    Map<String, String> env = new java.util.TreeMap<>(web.environment());
    env.put("LOG_LEVEL", "debug");
    env.remove("PRICE");
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT)
        .export(io.orch.core.testkit.Stacks.of("shop", web.withEnvironment(env)));
    assertThat(export.manifests()).as("no ConfigMap left to hold").noneMatch(m -> m instanceof ConfigMap);
    assertThat(named(export, Secret.class, "web-env-secrets").stringData()).containsOnlyKeys("DB_PASSWORD");
    assertThat(container(export, "web").env()).contains(EnvVar.literal("LOG_LEVEL", "debug"))
        .extracting(EnvVar::name).doesNotContain("PRICE");
  }

  private static Deployment deployment(KubernetesExport export, String name) {
    return named(export, Deployment.class, name);
  }

  private static Container container(KubernetesExport export, String name) {
    return deployment(export, name).spec().template().spec().containers().get(0);
  }

  private static <T extends Manifest> T named(KubernetesExport export, Class<T> type, String name) {
    return export.manifests().stream().filter(type::isInstance).map(type::cast)
        .filter(m -> m.metadata().name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }
}
