package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Stack;
import io.orch.core.plan.IngressRoute;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which published ports orch's ingress binds, with host IP, long syntax and ranges; and what it refuses at load. */
class IngressPortsLoadingTest {
  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  private static Stack stack(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.diagnostics()).as("diagnostics").isEmpty();
    return r.stack();
  }

  @Test
  void routesHonourHostIpLongSyntaxAndRanges() {
    Stack s = stack("""
        services:
          web:
            image: busybox:1.36
            deploy: {replicas: 3}
            ports:
              - "127.0.0.1:8080:80"
              - target: 443
                published: "8443"
                host_ip: 127.0.0.2
                protocol: tcp
              - "9000-9001:7000-7001"
        """);

    assertThat(IngressRoute.of(s)).containsExactly(
        new IngressRoute("shop", "web", "127.0.0.1", 8080, 80),
        new IngressRoute("shop", "web", "127.0.0.2", 8443, 443),
        new IngressRoute("shop", "web", null, 9000, 7000),
        new IngressRoute("shop", "web", null, 9001, 7001));
  }

  @Test
  void oneReplicaWithStopFirstIsPublishedByTheEngineNotTheIngress() {
    Stack s = stack("services:\n  web:\n    image: busybox:1.36\n    ports: [\"8080:80\"]\n");

    assertThat(IngressRoute.of(s)).isEmpty();
  }

  @Test
  void startFirstWithOneReplicaGoesThroughTheIngress() {
    Stack s = stack("""
        services:
          web:
            image: busybox:1.36
            ports: ["8080:80"]
            deploy: {update_config: {order: start-first}}
        """);

    assertThat(IngressRoute.of(s)).containsExactly(new IngressRoute("shop", "web", null, 8080, 80));
  }

  @Test
  void ingressFalseWithSeveralReplicasOnOneHostPortIsALoadErrorNamingServiceAndFix() {
    LoadResult r = load("""
        services:
          web:
            image: busybox:1.36
            deploy: {replicas: 3}
            ports: ["8080:80"]
            x-orch: {ingress: false}
        """);

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.ports");
      assertThat(d.message()).contains("host port 8080").contains("service web").contains("3 replicas")
          .contains("x-orch.ingress is false");
      assertThat(d.hint()).contains("remove ingress: false");
    });
  }

  @Test
  void ingressFalseWithStartFirstOnAFixedHostPortIsALoadError() {
    LoadResult r = load("""
        services:
          web:
            image: busybox:1.36
            ports: ["8080:80"]
            deploy: {update_config: {order: start-first}}
            x-orch: {ingress: false}
        """);

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.ports");
      assertThat(d.message()).contains("host port 8080").contains("update order start-first")
          .contains("x-orch.ingress is false");
    });
    assertThat(load("""
        services:
          web:
            image: busybox:1.36
            ports: ["8080:80"]
            x-orch: {ingress: false}
        """).errors()).as("one replica, stop-first: the engine publishes it").isEmpty();
  }

  @Test
  void udpThroughTheIngressIsALoadError() {
    LoadResult r = load("""
        services:
          dns:
            image: busybox:1.36
            deploy: {replicas: 2}
            ports: ["5353:53/udp"]
        """);

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.dns.ports");
      assertThat(d.message()).contains("UDP port 5353").contains("TCP only");
      assertThat(d.hint()).contains("5353-5354:53/udp");
    });
  }

  @Test
  void udpOfOneReplicaStaysWithTheEngine() {
    Stack s = stack("services:\n  dns:\n    image: busybox:1.36\n    ports: [\"5353:53/udp\"]\n");

    assertThat(IngressRoute.of(s)).isEmpty();
  }
}
