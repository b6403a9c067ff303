package io.orch.agent.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.core.model.BuildSpec;
import io.orch.core.model.Dependency;
import io.orch.core.model.FileMount;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.HostOptions;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import io.orch.core.rollout.RolloutState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The first stack file format (orch up to fdba642): the model records themselves as Jackson JSON. Read once, at the
 * first start after an upgrade, after which {@link StateStore} writes the stack in {@link StackFile}'s form.
 *
 * <p>A service is read into a frozen copy of the flat {@link ServiceSpec} of that time ({@link V1Service}) and
 * built through {@link ServiceSpec.Builder}, so regrouping the live record's fields does not break this reader.
 * The nested records (ports, mounts, health check, ...) are still read by Jackson into the live ones; the committed
 * file in the tests ({@code state/v1/stacks/legacy.json}) fails if one of them changes shape.
 */
final class LegacyStackFile {
  private LegacyStackFile() {}

  /** A file of this format has no {@code format} field and its {@code stack} is an object. */
  static boolean isLegacy(JsonNode tree) {
    return !tree.has("format") && (tree.get("stack") == null || tree.get("stack").isObject()
        || tree.get("stack").isNull());
  }

  /** The stored stack, or null when the file holds no stack. */
  static StoredStack read(JsonNode tree, ObjectMapper json) throws IOException {
    V1 v1 = json.treeToValue(tree, V1.class);
    if (v1 == null || v1.stack() == null) {
      return null;
    }
    Map<String, ServiceSpec> previous = new TreeMap<>();
    if (v1.previousSpecs() != null) {
      v1.previousSpecs().forEach((name, spec) -> previous.put(name, spec.toSpec()));
    }
    return new StoredStack(v1.stack().toStack(), v1.generation(), v1.submittedAt(), v1.deleting(),
        v1.removeVolumes(), v1.restartGenerations(), previous, v1.rollouts(), v1.profiles());
  }

  record V1(V1Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes,
      Map<String, Long> restartGenerations, Map<String, V1Service> previousSpecs,
      Map<String, RolloutState> rollouts, Set<String> profiles) {}

  record V1Stack(String name, Map<String, V1Service> services, Map<String, NetworkSpec> networks,
      Map<String, VolumeSpec> volumes) {
    Stack toStack() {
      Map<String, ServiceSpec> specs = new TreeMap<>();
      if (services != null) {
        services.forEach((name, spec) -> specs.put(name, spec.toSpec()));
      }
      return new Stack(name, specs, networks, volumes);
    }
  }

  /** {@link ServiceSpec} as it was at fdba642, field for field (the JSON property names). */
  record V1Service(
      String name, String image, PullPolicy pullPolicy, List<String> command, List<String> entrypoint,
      Map<String, String> environment, List<PortSpec> ports, List<String> expose, List<MountSpec> volumes,
      Map<String, ServiceNetwork> networks, String networkMode, HealthCheck healthcheck,
      Map<String, Dependency> dependsOn, Map<String, String> labels, String user, String workingDir,
      String hostname, String stopSignal, Duration stopGracePeriod, boolean readOnly, List<String> capAdd,
      List<String> capDrop, Boolean init, boolean privileged, Resources resources, int replicas,
      RestartPolicy restartPolicy, UpdateConfig updateConfig, UpdateConfig rollbackConfig, OrchOptions orch,
      List<String> profiles, BuildSpec build, List<FileMount> secrets, List<FileMount> configs,
      String containerName, String ipc, String pid, List<String> volumesFrom, HostOptions host,
      Map<String, String> envFileEnvironment) {

    ServiceSpec toSpec() {
      return ServiceSpec.of(name, image).toBuilder()
          .pullPolicy(pullPolicy).command(command).entrypoint(entrypoint).environment(environment).ports(ports)
          .expose(expose).volumes(volumes).networks(networks).networkMode(networkMode).healthcheck(healthcheck)
          .dependsOn(dependsOn).labels(labels).user(user).workingDir(workingDir).hostname(hostname)
          .stopSignal(stopSignal).stopGracePeriod(stopGracePeriod).readOnly(readOnly).capAdd(capAdd)
          .capDrop(capDrop).init(init).privileged(privileged).resources(resources).replicas(replicas)
          .restartPolicy(restartPolicy).updateConfig(updateConfig).rollbackConfig(rollbackConfig).orch(orch)
          .profiles(profiles).imageBuild(build).secrets(secrets).configs(configs).containerName(containerName)
          .ipc(ipc).pid(pid).volumesFrom(volumesFrom).host(host).envFileEnvironment(envFileEnvironment)
          .build();
    }
  }
}
