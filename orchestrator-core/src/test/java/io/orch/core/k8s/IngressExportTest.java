package io.orch.core.k8s;

import static io.orch.core.testkit.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.k8s.manifest.Ingress;
import io.orch.core.k8s.manifest.KubeService;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.model.PortSpec;
import io.orch.core.model.Stack;
import io.orch.core.testkit.Stacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ingress-host HOST: each service with published ports gets an Ingress for SERVICE.HOST. */
class IngressExportTest {
  private static final ExportOptions INGRESS = ExportOptions.DEFAULT.withIngressHost("example.com");

  @TempDir Path dir;

  private static Stack shop() {
    return Stacks.of("shop",
        service("web", "nginx:1.27").port(8080, 80).port(8443, 443).build(),
        service("my_api", "api:1").port(null, 3000).build(),
        service("dns", "coredns:1").port(new PortSpec(null, 53, 53, "udp")).build(),
        service("db", "postgres:16").expose("5432").build());
  }

  @Test
  void each_service_with_published_ports_gets_an_ingress_for_its_host_to_its_first_tcp_port() throws Exception {
    KubernetesExport export = new KubernetesExporter(INGRESS).export(shop());
    List<Ingress> ingresses = kind(export, Ingress.class);
    assertThat(ingresses).extracting(i -> i.metadata().name()).containsExactly("my-api", "web");
    Ingress web = ingresses.get(1);
    Ingress.Rule rule = web.spec().rules().get(0);
    assertThat(rule.host()).isEqualTo("web.example.com");
    assertThat(rule.http().paths()).containsExactly(Ingress.Path.everything("web", 80));
    // The backend is the service's ClusterIP Service, and it does listen on that port.
    KubeService svc = kind(export, KubeService.class).stream().filter(s -> s.metadata().name().equals("web"))
        .findFirst().orElseThrow();
    assertThat(svc.spec().ports()).extracting(KubeService.Port::port).contains(80);
    assertThat(ingresses.get(0).spec().rules().get(0).host()).isEqualTo("my-api.example.com");
    assertThat(ingresses.get(0).spec().rules().get(0).http().paths())
        .containsExactly(Ingress.Path.everything("my-api", 3000));

    assertThat(export.warnings()).anySatisfy(w -> {
      assertThat(w.path()).isEqualTo("services.web.ports");
      assertThat(w.message()).contains("http://web.example.com/", "8443/tcp reachable inside the cluster only");
    });
    assertThat(export.warnings()).anySatisfy(w -> {
      assertThat(w.path()).isEqualTo("services.dns.ports");
      assertThat(w.message()).contains("no TCP port", "dns.example.com gets none");
    });

    KubernetesSchemas schemas = KubernetesSchemas.require();
    assertThat(export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList()).isEmpty();
    KustomizeRender.assertRendersSameObjects("shop", INGRESS, export, false);
    HelmRender helm = new HelmRender(Files.createDirectories(dir.resolve("helm")));
    helm.add("shop", INGRESS, export);
    helm.assertEachRendersItsExport();
  }

  @Test
  void without_an_ingress_host_there_is_no_ingress_and_the_published_ports_warning_says_how_to_get_one() {
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(shop());
    assertThat(kind(export, Ingress.class)).isEmpty();
    assertThat(export.warnings()).anySatisfy(w -> assertThat(w.message())
        .contains("reachable inside the cluster only", "--ingress-host"));
  }

  private static <T extends Manifest> List<T> kind(KubernetesExport export, Class<T> type) {
    return export.manifests().stream().filter(type::isInstance).map(type::cast).toList();
  }
}
