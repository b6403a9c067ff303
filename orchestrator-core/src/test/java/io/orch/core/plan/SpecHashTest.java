package io.orch.core.plan;

import static io.orch.core.plan.Fixtures.service;
import static io.orch.core.plan.Fixtures.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Dependency;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.UpdateConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecHashTest {
  private static final ServiceSpec WEB = service("web").withEnvironment(Map.of("A", "1", "B", "2"));

  private static String hash(ServiceSpec service) {
    return EngineSpecs.hashOf(stack(service), service);
  }

  @Test
  void specHashIgnoresReplicasAndRestartPolicy() {
    ServiceSpec tuned = WEB.withReplicas(5)
        .withRestartPolicy(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, Duration.ofSeconds(3), 4, null))
        .withUpdateConfig(new UpdateConfig(2, Duration.ofSeconds(1), UpdateConfig.FailureAction.ROLLBACK,
            Duration.ofSeconds(9), 0.5, UpdateConfig.Order.START_FIRST))
        .withDependsOn(Map.of("db", Dependency.STARTED))
        .withOrch(new OrchOptions(OrchOptions.OnUnhealthy.IGNORE,
            new OrchOptions.Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(1)), false));

    assertThat(hash(tuned)).isEqualTo(hash(WEB));
  }

  @Test
  void newEnvironmentValueChangesHash() {
    assertThat(hash(WEB.withEnvironment(Map.of("A", "1", "B", "3")))).isNotEqualTo(hash(WEB));
  }

  @Test
  void newImageOrLabelChangesHash() {
    assertThat(hash(ServiceSpec.of("web", "busybox:1.37").withEnvironment(WEB.environment())))
        .isNotEqualTo(hash(WEB));
    assertThat(hash(WEB.withLabels(Map.of("team", "a")))).isNotEqualTo(hash(WEB));
  }

  @Test
  void aServiceWithoutHostOptionsHashesAsBeforeTheyExisted() {
    var spec = EngineSpecs.forSlot(stack(WEB), WEB, 1);
    var withDns = EngineSpecs.forSlot(stack(WEB), WEB.toBuilder().host(new io.orch.core.model.HostOptions(null, null,
        null, null, java.util.List.of("1.1.1.1"), null, null, null, null, false, false, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null)).build(), 1);

    // An absent "host" property keeps every running container's hash, so upgrading orch rolls nothing.
    assertThat(SpecHash.canonicalJson(spec)).doesNotContain("\"host\"");
    assertThat(SpecHash.canonicalJson(withDns)).contains("\"host\"").contains("1.1.1.1");
    assertThat(SpecHash.of(withDns)).isNotEqualTo(SpecHash.of(spec));
  }

  @Test
  void allReplicasShareOneHash() {
    var stack = stack(WEB.withReplicas(3));
    String first = EngineSpecs.forSlot(stack, stack.service("web"), 1).labels().get(Labels.SPEC_HASH);
    String third = EngineSpecs.forSlot(stack, stack.service("web"), 3).labels().get(Labels.SPEC_HASH);

    assertThat(third).isEqualTo(first).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void hashDoesNotDependOnMapInsertionOrder() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("B", "2");
    reversed.put("A", "1");
    var stack = stack(WEB);
    var spec = EngineSpecs.forSlot(stack, WEB, 1);

    assertThat(SpecHash.of(new io.orch.core.engine.ContainerSpec(spec.name(), spec.image(), spec.command(),
        spec.entrypoint(), reversed, spec.labels(), spec.user(), spec.workingDir(), spec.hostname(), spec.ports(),
        spec.exposedPorts(), spec.mounts(), spec.networkMode(), spec.networks(), spec.healthcheck(), spec.cpus(),
        spec.memoryBytes(), spec.pidsLimit(), spec.capAdd(), spec.capDrop(), spec.readOnly(), spec.init(),
        spec.privileged(), spec.stopSignal(), spec.stopGracePeriod())))
        .isEqualTo(spec.labels().get(Labels.SPEC_HASH));
  }
}
