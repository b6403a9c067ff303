package io.orch.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a stack, normalized. Optional scalars are null when the user did not set them (the engine default
 * applies); collections are never null. {@code command}/{@code entrypoint} are null when unset (the image's own
 * applies) and an empty list when explicitly set to empty.
 */
public record ServiceSpec(
    String name,
    String image,
    PullPolicy pullPolicy,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    List<PortSpec> ports,
    List<String> expose,
    List<MountSpec> volumes,
    Map<String, ServiceNetwork> networks,
    String networkMode,
    HealthCheck healthcheck,
    Map<String, Dependency> dependsOn,
    Map<String, String> labels,
    String user,
    String workingDir,
    String hostname,
    String stopSignal,
    Duration stopGracePeriod,
    boolean readOnly,
    List<String> capAdd,
    List<String> capDrop,
    Boolean init,
    boolean privileged,
    Resources resources,
    int replicas,
    RestartPolicy restartPolicy,
    UpdateConfig updateConfig,
    UpdateConfig rollbackConfig,
    OrchOptions orch,
    List<String> profiles) {

  public ServiceSpec {
    command = command == null ? null : List.copyOf(command);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    environment = Collections2.sorted(environment);
    ports = Collections2.list(ports);
    expose = Collections2.list(expose);
    volumes = Collections2.list(volumes);
    networks = Collections2.sorted(networks);
    dependsOn = Collections2.sorted(dependsOn);
    labels = Collections2.sorted(labels);
    capAdd = Collections2.list(capAdd);
    capDrop = Collections2.list(capDrop);
    profiles = Collections2.list(profiles);
    pullPolicy = pullPolicy == null ? PullPolicy.MISSING : pullPolicy;
    resources = resources == null ? Resources.NONE : resources;
    restartPolicy = restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
    updateConfig = updateConfig == null ? UpdateConfig.DEFAULT : updateConfig;
    rollbackConfig = rollbackConfig == null ? UpdateConfig.DEFAULT : rollbackConfig;
    orch = orch == null ? OrchOptions.DEFAULT : orch;
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
    }
  }

  /** A minimal service: an image, one replica, every other key at its default. Handy in tests. */
  public static ServiceSpec of(String name, String image) {
    return new ServiceSpec(name, image, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, false, null, null, null, false, null, 1, null, null, null, null, null);
  }

  public boolean usesStackNetworks() {
    return networkMode == null;
  }

  public ServiceSpec withReplicas(int n) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, n, restartPolicy, updateConfig, rollbackConfig, orch, profiles);
  }

  public ServiceSpec withEnvironment(Map<String, String> env) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, env, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withCommand(List<String> cmd) {
    return new ServiceSpec(name, image, pullPolicy, cmd, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withHealthcheck(HealthCheck hc) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, hc, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly, capAdd,
        capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch, profiles);
  }

  public ServiceSpec withDependsOn(Map<String, Dependency> deps) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, deps, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withRestartPolicy(RestartPolicy policy) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, policy, updateConfig, rollbackConfig, orch, profiles);
  }

  public ServiceSpec withNetworks(Map<String, ServiceNetwork> nets) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, nets,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withVolumes(List<MountSpec> mounts) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, mounts, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withOrch(OrchOptions options) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, options,
        profiles);
  }

  public ServiceSpec withStopGracePeriod(Duration grace) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, grace, readOnly, capAdd,
        capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch, profiles);
  }

  public ServiceSpec withPorts(List<PortSpec> p) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, p, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withPullPolicy(PullPolicy policy) {
    return new ServiceSpec(name, image, policy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }

  public ServiceSpec withUpdateConfig(UpdateConfig config) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, config, rollbackConfig, orch, profiles);
  }

  public ServiceSpec withLabels(Map<String, String> newLabels) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, newLabels, user, workingDir, hostname, stopSignal, stopGracePeriod,
        readOnly, capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig,
        orch, profiles);
  }

  public ServiceSpec withNetworkMode(String mode) {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        mode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, rollbackConfig, orch,
        profiles);
  }
}
