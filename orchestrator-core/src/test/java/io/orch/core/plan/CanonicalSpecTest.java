package io.orch.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.HostOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule that keeps spec hashes stable when fields are added: a group at its default adds nothing to the hashed
 * text beyond the properties frozen with today's hashes, and a property added later is written only when set.
 */
class CanonicalSpecTest {
  /** The hashed text of a container with every group at its default: exactly the frozen properties, flat. */
  private static final String ALL_DEFAULTS = "{\"capAdd\":[],\"capDrop\":[],\"command\":null,\"cpus\":null,"
      + "\"entrypoint\":null,\"environment\":{},\"exposedPorts\":[],\"healthcheck\":null,\"hostname\":null,"
      + "\"image\":\"busybox:1.36\",\"init\":null,\"labels\":{},\"memoryBytes\":null,\"mounts\":[],\"name\":null,"
      + "\"networkMode\":null,\"networks\":[],\"pidsLimit\":null,\"ports\":[],\"privileged\":false,"
      + "\"readOnly\":false,\"stopGracePeriod\":null,\"stopSignal\":null,\"user\":null,\"workingDir\":null}";

  private static ContainerSpec defaults() {
    return new ContainerSpec(null, "busybox:1.36", Map.of(), ContainerSpec.Process.NONE,
        ContainerSpec.Networking.NONE, ContainerSpec.Storage.NONE, ContainerSpec.Limits.NONE, null,
        HostOptions.NONE);
  }

  @Test
  void everyGroupAtItsDefaultAddsOnlyTheFrozenProperties() {
    assertThat(CanonicalSpec.json(defaults())).isEqualTo(ALL_DEFAULTS);
    // The same through the null-tolerant constructor: an absent group is its default.
    assertThat(CanonicalSpec.json(new ContainerSpec(null, "busybox:1.36", null, null, null, null, null, null, null)))
        .isEqualTo(ALL_DEFAULTS);
  }

  @Test
  void theGroupDefaultsAreDefaults() {
    assertThat(CanonicalSpec.isDefault(HostOptions.NONE, false)).isTrue();
    assertThat(CanonicalSpec.isDefault(HostOptions.Blkio.NONE, false)).isTrue();
    assertThat(CanonicalSpec.isDefault(ContainerSpec.Process.NONE, false)).isTrue();
    assertThat(CanonicalSpec.isDefault(ContainerSpec.Networking.NONE, false)).isTrue();
    assertThat(CanonicalSpec.isDefault(ContainerSpec.Storage.NONE, false)).isTrue();
    assertThat(CanonicalSpec.isDefault(ContainerSpec.Limits.NONE, false)).isTrue();
  }

  @Test
  void fieldsAddedAfterTheFreezeAreWrittenOnlyWhenSet() {
    ContainerSpec base = defaults();
    ContainerSpec shared = new ContainerSpec(null, "busybox:1.36", Map.of(),
        new ContainerSpec.Process(null, null, null, null, null, null, null, false, null, false, null, null, "host",
            null), ContainerSpec.Networking.NONE, ContainerSpec.Storage.NONE, ContainerSpec.Limits.NONE, null,
        HostOptions.NONE);

    assertThat(CanonicalSpec.json(base)).doesNotContain("ipcMode", "pidMode", "files", "volumesFrom", "host\"",
        "blkio");
    assertThat(CanonicalSpec.json(shared)).contains("\"ipcMode\":\"host\"").doesNotContain("pidMode");
  }

  /** A group orch does not have yet: none of its properties is frozen, so at its default it is invisible. */
  record FutureGroup(Integer weight, List<String> paths, boolean enabled, long count) {}

  record WithFutureGroup(String image, FutureGroup future) {}

  @Test
  void aWholeNewGroupAtItsDefaultIsInvisible() {
    assertThat(CanonicalSpec.json(new WithFutureGroup("busybox:1.36", new FutureGroup(null, List.of(), false, 0))))
        .isEqualTo("{\"image\":\"busybox:1.36\"}");
    assertThat(CanonicalSpec.json(new WithFutureGroup("busybox:1.36", new FutureGroup(300, List.of(), false, 0))))
        .isEqualTo("{\"future\":{\"weight\":300},\"image\":\"busybox:1.36\"}");
  }
}
