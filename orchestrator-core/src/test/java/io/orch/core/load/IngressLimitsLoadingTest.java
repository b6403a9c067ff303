package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.IngressLimits;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import io.orch.core.plan.IngressRoute;
import io.orch.core.plan.SpecHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code x-orch.ingress_max_connections}, {@code ingress_idle_timeout}, {@code ingress_response_timeout}: read into
 * the ingress routes, validated with an error at the value, written back by {@code orch config} only when set, and
 * never part of the spec hash (issue 19 item 3).
 */
class IngressLimitsLoadingTest {
  private static final String WEB = """
      services:
        web:
          image: busybox:1.36
          deploy: {replicas: 2}
          ports: ["8080:80"]
      """;

  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  private static Stack stack(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.diagnostics()).as("diagnostics").isEmpty();
    return r.stack();
  }

  @Test
  void withoutTheKeysAPortGetsTheDefaults() {
    List<IngressRoute> routes = IngressRoute.of(stack(WEB));

    assertThat(routes).singleElement().extracting(IngressRoute::limits).isEqualTo(IngressLimits.DEFAULT);
    assertThat(IngressLimits.DEFAULT.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theKeysReachTheRoutesOfTheService() {
    Stack s = stack(WEB
        + "    x-orch: {ingress_max_connections: 100, ingress_idle_timeout: 90s, ingress_response_timeout: 2s}\n");

    assertThat(IngressRoute.of(s)).singleElement().extracting(IngressRoute::limits)
        .isEqualTo(new IngressLimits(100, Duration.ofSeconds(90), Duration.ofSeconds(2)));
  }

  @Test
  void aZeroOrUnreadableTimeoutIsAnErrorAtItsValue() {
    LoadResult r = load(WEB + "    x-orch:\n      ingress_idle_timeout: 0s\n      ingress_response_timeout: soon\n"
        + "      ingress_max_connections: 0\n");

    assertThat(r.errors()).extracting(d -> d.line() + " " + d.message()).containsExactlyInAnyOrder(
        "7 ingress_idle_timeout must be above 0s and at most 24h, found \"0s\"",
        "8 invalid duration \"soon\"",
        "9 must be between 1 and 65536, found 0");
    assertThat(r.errors().get(0).hint()).isNotBlank();
  }

  @Test
  void aZeroResponseTimeoutTurnsThePassiveCheckOff() {
    Stack s = stack(WEB + "    x-orch: {ingress_response_timeout: 0s}\n");

    IngressLimits limits = s.services().get("web").orch().ingressLimits();
    assertThat(limits.responseTimeout()).isZero();
    assertThat(limits.checksResponses()).isFalse();
  }

  @Test
  void aTimeoutAboveADayIsAnError() {
    LoadResult r = load(WEB + "    x-orch: {ingress_idle_timeout: 25h}\n");

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.line()).isEqualTo(6);
      assertThat(d.message()).isEqualTo("ingress_idle_timeout must be above 0s and at most 24h, found \"25h\"");
      assertThat(d.hint()).isEqualTo("e.g. ingress_idle_timeout: 5m");
    });
  }

  @Test
  void orchConfigWritesTheKeysOnlyWhenSetAndReadsThemBack() {
    String plain = StackWriter.toYaml(stack(WEB));
    assertThat(plain).doesNotContain("ingress_");

    Stack set = stack(WEB + "    x-orch: {ingress_idle_timeout: 90s, ingress_max_connections: 100}\n");
    String written = StackWriter.toYaml(set);
    assertThat(written).contains("ingress_idle_timeout: 1m30s").contains("ingress_max_connections: 100");
    assertThat(new StackLoader(Map.of()).loadText(written, "config.yaml", null, "shop", Set.of()).stack()
        .services().get("web").orch().ingressLimits())
        .isEqualTo(new IngressLimits(100, Duration.ofSeconds(90), IngressLimits.DEFAULT.responseTimeout()));
  }

  @Test
  void theLimitsChangeNoSpecHash() {
    Stack plain = stack(WEB);
    Stack set = stack(WEB + "    x-orch: {ingress_idle_timeout: 90s, ingress_response_timeout: 2s}\n");

    assertThat(hash(set)).isEqualTo(hash(plain));
    ServiceSpec web = plain.services().get("web");
    assertThat(web.orch()).isEqualTo(OrchOptions.DEFAULT);
  }

  private static String hash(Stack s) {
    ContainerSpec spec = EngineSpecs.forSlot(s, s.services().get("web"), 1);
    assertThat(SpecHash.of(spec)).isEqualTo(EngineSpecs.hashOf(s, s.services().get("web")));
    return SpecHash.of(spec);
  }
}
