package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.EngineSpecs;
import io.orch.core.plan.Labels;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code scale:} and a host port range shared by replicas ({@code "6005-6015:80"}), as Compose runs them. */
class ScaleAndPortRangeTest {
  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  private static Stack stack(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.diagnostics()).as("diagnostics").isEmpty();
    return r.stack();
  }

  @Test
  void scaleSetsTheReplicas() {
    assertThat(stack("services:\n  web:\n    image: busybox:1.36\n    scale: 3\n").service("web").replicas())
        .isEqualTo(3);
    assertThat(stack("services:\n  web:\n    image: busybox:1.36\n    scale: 2\n    deploy: {replicas: 2}\n")
        .service("web").replicas()).isEqualTo(2);
  }

  @Test
  void scaleAndDeployReplicasThatDifferAreAnError() {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    scale: 3\n    deploy: {replicas: 2}\n");

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.scale");
      assertThat(d.message()).contains("scale: 3").contains("deploy.replicas: 2");
    });
  }

  @Test
  void aHostRangeForOneTargetGivesEachReplicaItsOwnPortAndOneHash() {
    Stack stack = stack("services:\n  web:\n    image: busybox:1.36\n    scale: 3\n    ports: [\"6005-6015:80\"]\n");
    ServiceSpec web = stack.service("web");

    assertThat(web.ports()).containsExactly(new PortSpec(null, 6005, 80, "tcp", 6015));
    assertThat(EngineSpecs.usesIngress(web)).isFalse();
    for (int slot = 1; slot <= 3; slot++) {
      var spec = EngineSpecs.forSlot(stack, web, slot);
      assertThat(spec.ports()).containsExactly(new PortSpec(null, 6004 + slot, 80, "tcp"));
      assertThat(spec.labels().get(Labels.SPEC_HASH)).isEqualTo(EngineSpecs.hashOf(stack, web));
    }
  }

  @Test
  void theLongSyntaxTakesAHostRangeToo() {
    Stack stack = stack(
        "services:\n  web:\n    image: busybox:1.36\n    ports: [{target: 80, published: \"7000-7002\"}]\n");

    assertThat(stack.service("web").ports()).containsExactly(new PortSpec(null, 7000, 80, "tcp", 7002));
  }

  @Test
  void aRangeSmallerThanTheReplicasIsAnError() {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    scale: 5\n    ports: [\"6005-6007:80\"]\n");

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.ports");
      assertThat(d.message()).contains("6005-6007:80").contains("3 host ports for 5 replicas");
    });
  }

  @Test
  void aRangeWithStartFirstUpdatesIsAnError() {
    LoadResult r = load("""
        services:
          web:
            image: busybox:1.36
            ports: ["6005-6007:80"]
            deploy: {replicas: 2, update_config: {order: start-first}}
        """);

    assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("start-first"));
  }

  @Test
  void orchConfigPrintsTheRangeAndScaleBackEqual() {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    scale: 3\n    ports: [\"6005-6015:80\"]\n");

    StackWriterTest.assertRoundTrips(r.stack(), Set.of());
  }
}
