package io.orch.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a stack, normalized. Optional scalars are null when the user did not set them (the engine default
 * applies); collections are never null. {@code command}/{@code entrypoint} are null when unset (the image's own
 * applies) and an empty list when explicitly set to empty. {@code build} is null unless the service builds its image;
 * {@code image} is then the name the built image gets.
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
    List<String> profiles,
    BuildSpec build,
    // h8-secrets: files, a fixed container name, and namespaces shared with another service or container.
    List<FileMount> secrets,
    List<FileMount> configs,
    String containerName,
    String ipc,
    String pid,
    List<String> volumesFrom,
    // h8-keys: host options (limits, DNS, logging, devices, namespaces).
    HostOptions host,
    // The values read from env_file, before environment: overrode them (environment above holds the merged result
    // the containers get). Only the Kubernetes export reads it, to put them in a ConfigMap; not in the spec hash.
    Map<String, String> envFileEnvironment) {

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
    secrets = Collections2.list(secrets);
    configs = Collections2.list(configs);
    volumesFrom = Collections2.list(volumesFrom);
    pullPolicy = pullPolicy == null ? PullPolicy.MISSING : pullPolicy;
    resources = resources == null ? Resources.NONE : resources;
    restartPolicy = restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
    updateConfig = updateConfig == null ? UpdateConfig.DEFAULT : updateConfig;
    rollbackConfig = rollbackConfig == null ? UpdateConfig.DEFAULT : rollbackConfig;
    orch = orch == null ? OrchOptions.DEFAULT : orch;
    host = host == null ? HostOptions.NONE : host;
    envFileEnvironment = Collections2.sorted(envFileEnvironment);
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
    }
  }

  /** A minimal service: an image, one replica, every other key at its default. Handy in tests. */
  public static ServiceSpec of(String name, String image) {
    return new ServiceSpec(name, image, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, false, null, null, null, false, null, 1, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  public boolean usesStackNetworks() {
    return networkMode == null;
  }

  public ServiceSpec withReplicas(int n) {
    return toBuilder().replicas(n).build();
  }

  public ServiceSpec withEnvironment(Map<String, String> env) {
    return toBuilder().environment(env).build();
  }

  public ServiceSpec withCommand(List<String> cmd) {
    return toBuilder().command(cmd).build();
  }

  public ServiceSpec withHealthcheck(HealthCheck hc) {
    return toBuilder().healthcheck(hc).build();
  }

  public ServiceSpec withDependsOn(Map<String, Dependency> deps) {
    return toBuilder().dependsOn(deps).build();
  }

  public ServiceSpec withRestartPolicy(RestartPolicy policy) {
    return toBuilder().restartPolicy(policy).build();
  }

  public ServiceSpec withNetworks(Map<String, ServiceNetwork> nets) {
    return toBuilder().networks(nets).build();
  }

  public ServiceSpec withVolumes(List<MountSpec> mounts) {
    return toBuilder().volumes(mounts).build();
  }

  public ServiceSpec withOrch(OrchOptions options) {
    return toBuilder().orch(options).build();
  }

  public ServiceSpec withStopGracePeriod(Duration grace) {
    return toBuilder().stopGracePeriod(grace).build();
  }

  public ServiceSpec withPorts(List<PortSpec> p) {
    return toBuilder().ports(p).build();
  }

  public ServiceSpec withPullPolicy(PullPolicy policy) {
    return toBuilder().pullPolicy(policy).build();
  }

  public ServiceSpec withUpdateConfig(UpdateConfig config) {
    return toBuilder().updateConfig(config).build();
  }

  public ServiceSpec withLabels(Map<String, String> newLabels) {
    return toBuilder().labels(newLabels).build();
  }

  public ServiceSpec withBuild(BuildSpec spec) {
    return toBuilder().imageBuild(spec).build();
  }

  public ServiceSpec withNetworkMode(String mode) {
    return toBuilder().networkMode(mode).build();
  }

  /** A builder holding this spec's values: change a few keys, then {@link Builder#build()}. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.image = image;
    b.pullPolicy = pullPolicy;
    b.command = command;
    b.entrypoint = entrypoint;
    b.environment = environment;
    b.ports = ports;
    b.expose = expose;
    b.volumes = volumes;
    b.networks = networks;
    b.networkMode = networkMode;
    b.healthcheck = healthcheck;
    b.dependsOn = dependsOn;
    b.labels = labels;
    b.user = user;
    b.workingDir = workingDir;
    b.hostname = hostname;
    b.stopSignal = stopSignal;
    b.stopGracePeriod = stopGracePeriod;
    b.readOnly = readOnly;
    b.capAdd = capAdd;
    b.capDrop = capDrop;
    b.init = init;
    b.privileged = privileged;
    b.resources = resources;
    b.replicas = replicas;
    b.restartPolicy = restartPolicy;
    b.updateConfig = updateConfig;
    b.rollbackConfig = rollbackConfig;
    b.orch = orch;
    b.profiles = profiles;
    b.build = build;
    b.secrets = secrets;
    b.configs = configs;
    b.containerName = containerName;
    b.ipc = ipc;
    b.pid = pid;
    b.volumesFrom = volumesFrom;
    b.host = host;
    b.envFileEnvironment = envFileEnvironment;
    return b;
  }

  /** Mutable copy of every key; {@link #build()} goes through the canonical constructor and its checks. */
  public static final class Builder {
    private String name;
    private String image;
    private PullPolicy pullPolicy;
    private List<String> command;
    private List<String> entrypoint;
    private Map<String, String> environment;
    private List<PortSpec> ports;
    private List<String> expose;
    private List<MountSpec> volumes;
    private Map<String, ServiceNetwork> networks;
    private String networkMode;
    private HealthCheck healthcheck;
    private Map<String, Dependency> dependsOn;
    private Map<String, String> labels;
    private String user;
    private String workingDir;
    private String hostname;
    private String stopSignal;
    private Duration stopGracePeriod;
    private boolean readOnly;
    private List<String> capAdd;
    private List<String> capDrop;
    private Boolean init;
    private boolean privileged;
    private Resources resources;
    private int replicas;
    private RestartPolicy restartPolicy;
    private UpdateConfig updateConfig;
    private UpdateConfig rollbackConfig;
    private OrchOptions orch;
    private List<String> profiles;
    private BuildSpec build;
    private List<FileMount> secrets;
    private List<FileMount> configs;
    private String containerName;
    private String ipc;
    private String pid;
    private List<String> volumesFrom;
    private HostOptions host;
    private Map<String, String> envFileEnvironment;

    public Builder envFileEnvironment(Map<String, String> value) {
      this.envFileEnvironment = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder image(String value) {
      this.image = value;
      return this;
    }

    public Builder pullPolicy(PullPolicy value) {
      this.pullPolicy = value;
      return this;
    }

    public Builder command(List<String> value) {
      this.command = value;
      return this;
    }

    public Builder entrypoint(List<String> value) {
      this.entrypoint = value;
      return this;
    }

    public Builder environment(Map<String, String> value) {
      this.environment = value;
      return this;
    }

    public Builder ports(List<PortSpec> value) {
      this.ports = value;
      return this;
    }

    public Builder expose(List<String> value) {
      this.expose = value;
      return this;
    }

    public Builder volumes(List<MountSpec> value) {
      this.volumes = value;
      return this;
    }

    public Builder networks(Map<String, ServiceNetwork> value) {
      this.networks = value;
      return this;
    }

    public Builder networkMode(String value) {
      this.networkMode = value;
      return this;
    }

    public Builder healthcheck(HealthCheck value) {
      this.healthcheck = value;
      return this;
    }

    public Builder dependsOn(Map<String, Dependency> value) {
      this.dependsOn = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      this.labels = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    public Builder workingDir(String value) {
      this.workingDir = value;
      return this;
    }

    public Builder hostname(String value) {
      this.hostname = value;
      return this;
    }

    public Builder stopSignal(String value) {
      this.stopSignal = value;
      return this;
    }

    public Builder stopGracePeriod(Duration value) {
      this.stopGracePeriod = value;
      return this;
    }

    public Builder readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }

    public Builder capAdd(List<String> value) {
      this.capAdd = value;
      return this;
    }

    public Builder capDrop(List<String> value) {
      this.capDrop = value;
      return this;
    }

    public Builder init(Boolean value) {
      this.init = value;
      return this;
    }

    public Builder privileged(boolean value) {
      this.privileged = value;
      return this;
    }

    public Builder resources(Resources value) {
      this.resources = value;
      return this;
    }

    public Builder replicas(int value) {
      this.replicas = value;
      return this;
    }

    public Builder restartPolicy(RestartPolicy value) {
      this.restartPolicy = value;
      return this;
    }

    public Builder updateConfig(UpdateConfig value) {
      this.updateConfig = value;
      return this;
    }

    public Builder rollbackConfig(UpdateConfig value) {
      this.rollbackConfig = value;
      return this;
    }

    public Builder orch(OrchOptions value) {
      this.orch = value;
      return this;
    }

    public Builder profiles(List<String> value) {
      this.profiles = value;
      return this;
    }

    /** Sets {@code build:} (named so it does not read like {@link #build()}). */
    public Builder imageBuild(BuildSpec value) {
      this.build = value;
      return this;
    }

    public Builder secrets(List<FileMount> value) {
      this.secrets = value;
      return this;
    }

    public Builder configs(List<FileMount> value) {
      this.configs = value;
      return this;
    }

    public Builder containerName(String value) {
      this.containerName = value;
      return this;
    }

    public Builder ipc(String value) {
      this.ipc = value;
      return this;
    }

    public Builder pid(String value) {
      this.pid = value;
      return this;
    }

    public Builder volumesFrom(List<String> value) {
      this.volumesFrom = value;
      return this;
    }

    public Builder host(HostOptions value) {
      this.host = value;
      return this;
    }

    public ServiceSpec build() {
      return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes,
          networks, networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal,
          stopGracePeriod, readOnly, capAdd, capDrop, init, privileged, resources, replicas, restartPolicy,
          updateConfig, rollbackConfig, orch, profiles, build, secrets, configs, containerName, ipc, pid,
          volumesFrom, host, envFileEnvironment);
    }
  }
}
