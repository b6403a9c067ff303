package io.orch.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a stack, normalized, in groups: {@link Process}, {@link Networking}, {@link Storage},
 * {@link Deploy}, beside the existing groups {@link HealthCheck}, {@link HostOptions}, {@link BuildSpec} and
 * {@link OrchOptions}. A new Compose key goes into one group (its record, its reader, its writer and its engine
 * mapping); the flat accessors below ({@code command()}, {@code replicas()}, ...) stay for callers. Optional scalars
 * are null when the user did not set them (the engine default applies); collections are never null.
 * {@code command}/{@code entrypoint} are null when unset (the image's own applies) and an empty list when explicitly
 * set to empty. {@code build} is null unless the service builds its image; {@code image} is then the name the built
 * image gets. {@code envFileEnvironment}: the values read from env_file, before environment: overrode them
 * ({@code environment} holds the merged result the containers get); only the Kubernetes export reads it.
 *
 * <p>JSON (the agent's store) stays flat as before the groups: they are unwrapped when written and the flat
 * constructor reads them back.
 */
public record ServiceSpec(
    String name,
    String image,
    PullPolicy pullPolicy,
    Map<String, String> labels,
    @JsonUnwrapped Process process,
    @JsonUnwrapped Networking networking,
    @JsonUnwrapped Storage storage,
    @JsonUnwrapped Deploy deploy,
    HealthCheck healthcheck,
    Map<String, Dependency> dependsOn,
    OrchOptions orch,
    List<String> profiles,
    BuildSpec build,
    String containerName,
    HostOptions host,
    Map<String, String> envFileEnvironment) {

  /** What runs and as whom: command, environment, user, privileges, shared namespaces ({@code ipc}, {@code pid}
   * may name another service) and how it stops. Read by ServiceReader, printed by StackWriter, mapped by EngineSpecs
   * into {@code ContainerSpec.Process}. */
  public record Process(
      List<String> command,
      List<String> entrypoint,
      Map<String, String> environment,
      String user,
      String workingDir,
      String stopSignal,
      Duration stopGracePeriod,
      boolean readOnly,
      List<String> capAdd,
      List<String> capDrop,
      Boolean init,
      boolean privileged,
      String ipc,
      String pid) {
    public static final Process NONE = new Process(null, null, null, null, null, null, null, false, null, null, null, false, null, null);

    public Process {
      command = command == null ? null : List.copyOf(command);
      entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      environment = Collections2.sorted(environment);
      capAdd = Collections2.list(capAdd);
      capDrop = Collections2.list(capDrop);
    }
  }

  /** How the service is reached: host name, published and exposed ports, stack networks or a network mode. */
  public record Networking(
      String hostname,
      List<PortSpec> ports,
      List<String> expose,
      Map<String, ServiceNetwork> networks,
      String networkMode) {
    public static final Networking NONE = new Networking(null, null, null, null, null);

    public Networking {
      ports = Collections2.list(ports);
      expose = Collections2.list(expose);
      networks = Collections2.sorted(networks);
    }
  }

  /** What the service mounts: volumes, binds and tmpfs; secret and config files; another container's volumes. */
  public record Storage(
      List<MountSpec> volumes,
      List<FileMount> secrets,
      List<FileMount> configs,
      List<String> volumesFrom) {
    public static final Storage NONE = new Storage(null, null, null, null);

    public Storage {
      volumes = Collections2.list(volumes);
      secrets = Collections2.list(secrets);
      configs = Collections2.list(configs);
      volumesFrom = Collections2.list(volumesFrom);
    }
  }

  /** How many replicas run and how they are restarted, limited, updated and rolled back ({@code deploy:});
   * none of it is in the spec hash, so changing it never replaces a container by itself. */
  public record Deploy(
      int replicas,
      Resources resources,
      RestartPolicy restartPolicy,
      UpdateConfig updateConfig,
      UpdateConfig rollbackConfig) {
    public static final Deploy NONE = new Deploy(1, null, null, null, null);

    public Deploy {
      resources = resources == null ? Resources.NONE : resources;
      restartPolicy = restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
      updateConfig = updateConfig == null ? UpdateConfig.DEFAULT : updateConfig;
      rollbackConfig = rollbackConfig == null ? UpdateConfig.DEFAULT : rollbackConfig;
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
      }
    }
  }

  public ServiceSpec {
    pullPolicy = pullPolicy == null ? PullPolicy.MISSING : pullPolicy;
    labels = Collections2.sorted(labels);
    dependsOn = Collections2.sorted(dependsOn);
    orch = orch == null ? OrchOptions.DEFAULT : orch;
    profiles = Collections2.list(profiles);
    host = host == null ? HostOptions.NONE : host;
    envFileEnvironment = Collections2.sorted(envFileEnvironment);
    process = process == null ? Process.NONE : process;
    networking = networking == null ? Networking.NONE : networking;
    storage = storage == null ? Storage.NONE : storage;
    deploy = deploy == null ? Deploy.NONE : deploy;
  }

  /** Every key flat, in the order the record had before its groups (the loader, the store and tests use it). */
  @JsonCreator
  public ServiceSpec(
      @JsonProperty("name") String name,
      @JsonProperty("image") String image,
      @JsonProperty("pullPolicy") PullPolicy pullPolicy,
      @JsonProperty("command") List<String> command,
      @JsonProperty("entrypoint") List<String> entrypoint,
      @JsonProperty("environment") Map<String, String> environment,
      @JsonProperty("ports") List<PortSpec> ports,
      @JsonProperty("expose") List<String> expose,
      @JsonProperty("volumes") List<MountSpec> volumes,
      @JsonProperty("networks") Map<String, ServiceNetwork> networks,
      @JsonProperty("networkMode") String networkMode,
      @JsonProperty("healthcheck") HealthCheck healthcheck,
      @JsonProperty("dependsOn") Map<String, Dependency> dependsOn,
      @JsonProperty("labels") Map<String, String> labels,
      @JsonProperty("user") String user,
      @JsonProperty("workingDir") String workingDir,
      @JsonProperty("hostname") String hostname,
      @JsonProperty("stopSignal") String stopSignal,
      @JsonProperty("stopGracePeriod") Duration stopGracePeriod,
      @JsonProperty("readOnly") boolean readOnly,
      @JsonProperty("capAdd") List<String> capAdd,
      @JsonProperty("capDrop") List<String> capDrop,
      @JsonProperty("init") Boolean init,
      @JsonProperty("privileged") boolean privileged,
      @JsonProperty("resources") Resources resources,
      @JsonProperty("replicas") int replicas,
      @JsonProperty("restartPolicy") RestartPolicy restartPolicy,
      @JsonProperty("updateConfig") UpdateConfig updateConfig,
      @JsonProperty("rollbackConfig") UpdateConfig rollbackConfig,
      @JsonProperty("orch") OrchOptions orch,
      @JsonProperty("profiles") List<String> profiles,
      @JsonProperty("build") BuildSpec build,
      @JsonProperty("secrets") List<FileMount> secrets,
      @JsonProperty("configs") List<FileMount> configs,
      @JsonProperty("containerName") String containerName,
      @JsonProperty("ipc") String ipc,
      @JsonProperty("pid") String pid,
      @JsonProperty("volumesFrom") List<String> volumesFrom,
      @JsonProperty("host") HostOptions host,
      @JsonProperty("envFileEnvironment") Map<String, String> envFileEnvironment) {
    this(name, image, pullPolicy, labels, new Process(command, entrypoint, environment, user, workingDir, stopSignal, stopGracePeriod, readOnly, capAdd, capDrop, init, privileged, ipc, pid), new Networking(hostname, ports, expose, networks, networkMode), new Storage(volumes, secrets, configs, volumesFrom), new Deploy(replicas, resources, restartPolicy, updateConfig, rollbackConfig), healthcheck, dependsOn, orch, profiles, build, containerName, host, envFileEnvironment);
  }

  /** A minimal service: an image, one replica, every other key at its default. Handy in tests. */
  public static ServiceSpec of(String name, String image) {
    return new ServiceSpec(name, image, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, false, null, null, null, false, null, 1, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  // The flat names of the grouped keys, as callers read them before the groups.
  public List<String> command() {
    return process.command();
  }

  public List<String> entrypoint() {
    return process.entrypoint();
  }

  public Map<String, String> environment() {
    return process.environment();
  }

  public String user() {
    return process.user();
  }

  public String workingDir() {
    return process.workingDir();
  }

  public String stopSignal() {
    return process.stopSignal();
  }

  public Duration stopGracePeriod() {
    return process.stopGracePeriod();
  }

  public boolean readOnly() {
    return process.readOnly();
  }

  public List<String> capAdd() {
    return process.capAdd();
  }

  public List<String> capDrop() {
    return process.capDrop();
  }

  public Boolean init() {
    return process.init();
  }

  public boolean privileged() {
    return process.privileged();
  }

  public String ipc() {
    return process.ipc();
  }

  public String pid() {
    return process.pid();
  }

  public String hostname() {
    return networking.hostname();
  }

  public List<PortSpec> ports() {
    return networking.ports();
  }

  public List<String> expose() {
    return networking.expose();
  }

  public Map<String, ServiceNetwork> networks() {
    return networking.networks();
  }

  public String networkMode() {
    return networking.networkMode();
  }

  public List<MountSpec> volumes() {
    return storage.volumes();
  }

  public List<FileMount> secrets() {
    return storage.secrets();
  }

  public List<FileMount> configs() {
    return storage.configs();
  }

  public List<String> volumesFrom() {
    return storage.volumesFrom();
  }

  public int replicas() {
    return deploy.replicas();
  }

  public Resources resources() {
    return deploy.resources();
  }

  public RestartPolicy restartPolicy() {
    return deploy.restartPolicy();
  }

  public UpdateConfig updateConfig() {
    return deploy.updateConfig();
  }

  public UpdateConfig rollbackConfig() {
    return deploy.rollbackConfig();
  }

  public boolean usesStackNetworks() {
    return networkMode() == null;
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
    b.command = command();
    b.entrypoint = entrypoint();
    b.environment = environment();
    b.ports = ports();
    b.expose = expose();
    b.volumes = volumes();
    b.networks = networks();
    b.networkMode = networkMode();
    b.healthcheck = healthcheck;
    b.dependsOn = dependsOn;
    b.labels = labels;
    b.user = user();
    b.workingDir = workingDir();
    b.hostname = hostname();
    b.stopSignal = stopSignal();
    b.stopGracePeriod = stopGracePeriod();
    b.readOnly = readOnly();
    b.capAdd = capAdd();
    b.capDrop = capDrop();
    b.init = init();
    b.privileged = privileged();
    b.resources = resources();
    b.replicas = replicas();
    b.restartPolicy = restartPolicy();
    b.updateConfig = updateConfig();
    b.rollbackConfig = rollbackConfig();
    b.orch = orch;
    b.profiles = profiles;
    b.build = build;
    b.secrets = secrets();
    b.configs = configs();
    b.containerName = containerName;
    b.ipc = ipc();
    b.pid = pid();
    b.volumesFrom = volumesFrom();
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
