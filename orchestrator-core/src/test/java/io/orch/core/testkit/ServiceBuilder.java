package io.orch.core.testkit;

import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.UpdateConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds ServiceSpecs key by key for tests, through the record's canonical constructor. */
public final class ServiceBuilder {
  private final String name;
  private String image;
  private PullPolicy pullPolicy;
  private List<String> command;
  private List<String> entrypoint;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<PortSpec> ports = new ArrayList<>();
  private final List<String> expose = new ArrayList<>();
  private final List<MountSpec> volumes = new ArrayList<>();
  private final Map<String, ServiceNetwork> networks = new LinkedHashMap<>();
  private String networkMode;
  private HealthCheck healthcheck;
  private final Map<String, Dependency> dependsOn = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private String user;
  private String workingDir;
  private String hostname;
  private String stopSignal;
  private Duration stopGracePeriod;
  private boolean readOnly;
  private final List<String> capAdd = new ArrayList<>();
  private final List<String> capDrop = new ArrayList<>();
  private Boolean init;
  private boolean privileged;
  private Resources resources;
  private int replicas = 1;
  private RestartPolicy restartPolicy;
  private UpdateConfig updateConfig;
  private OrchOptions orch;

  private ServiceBuilder(String name, String image) {
    this.name = name;
    this.image = image;
  }

  public static ServiceBuilder service(String name, String image) {
    return new ServiceBuilder(name, image);
  }

  public ServiceBuilder pullPolicy(PullPolicy p) { pullPolicy = p; return this; }
  public ServiceBuilder command(String... c) { command = List.of(c); return this; }
  public ServiceBuilder entrypoint(String... e) { entrypoint = List.of(e); return this; }
  public ServiceBuilder env(String k, String v) { environment.put(k, v); return this; }
  public ServiceBuilder port(PortSpec p) { ports.add(p); return this; }
  public ServiceBuilder port(Integer published, int target) { return port(new PortSpec(null, published, target, null)); }
  public ServiceBuilder expose(String e) { expose.add(e); return this; }
  public ServiceBuilder volume(MountSpec m) { volumes.add(m); return this; }
  public ServiceBuilder named(String source, String target) {
    return volume(new MountSpec(MountSpec.Type.VOLUME, source, target, false, null));
  }
  public ServiceBuilder bind(String source, String target) {
    return volume(new MountSpec(MountSpec.Type.BIND, source, target, false, null));
  }
  public ServiceBuilder tmpfs(String target, Long size) {
    return volume(new MountSpec(MountSpec.Type.TMPFS, null, target, false, size));
  }
  public ServiceBuilder network(String n) { networks.put(n, ServiceNetwork.PLAIN); return this; }
  public ServiceBuilder network(String n, String... aliases) { networks.put(n, new ServiceNetwork(List.of(aliases))); return this; }
  public ServiceBuilder networkMode(String m) { networkMode = m; return this; }
  public ServiceBuilder healthcheck(HealthCheck h) { healthcheck = h; return this; }
  public ServiceBuilder healthcheck(String... test) {
    return healthcheck(new HealthCheck(List.of(test), null, null, null, null, null));
  }
  public ServiceBuilder dependsOn(String s, Dependency d) { dependsOn.put(s, d); return this; }
  public ServiceBuilder dependsOn(String s) { return dependsOn(s, Dependency.STARTED); }
  public ServiceBuilder label(String k, String v) { labels.put(k, v); return this; }
  public ServiceBuilder user(String u) { user = u; return this; }
  public ServiceBuilder workingDir(String w) { workingDir = w; return this; }
  public ServiceBuilder hostname(String h) { hostname = h; return this; }
  public ServiceBuilder stopSignal(String s) { stopSignal = s; return this; }
  public ServiceBuilder stopGracePeriod(Duration d) { stopGracePeriod = d; return this; }
  public ServiceBuilder readOnly() { readOnly = true; return this; }
  public ServiceBuilder capAdd(String... c) { capAdd.addAll(List.of(c)); return this; }
  public ServiceBuilder capDrop(String... c) { capDrop.addAll(List.of(c)); return this; }
  public ServiceBuilder init() { init = true; return this; }
  public ServiceBuilder privileged() { privileged = true; return this; }
  public ServiceBuilder resources(Resources r) { resources = r; return this; }
  public ServiceBuilder limits(Double cpus, Long memory) { resources = new Resources(cpus, memory, null, null, null); return this; }
  public ServiceBuilder pids(Long pids) {
    Resources r = resources == null ? Resources.NONE : resources;
    resources = new Resources(r.cpus(), r.memoryBytes(), pids, r.reservedCpus(), r.reservedMemoryBytes());
    return this;
  }
  public ServiceBuilder replicas(int n) { replicas = n; return this; }
  public ServiceBuilder restart(RestartPolicy p) { restartPolicy = p; return this; }
  public ServiceBuilder restart(RestartPolicy.Condition c) { return restart(new RestartPolicy(c, null, null, null)); }
  public ServiceBuilder updateConfig(UpdateConfig u) { updateConfig = u; return this; }
  public ServiceBuilder orch(OrchOptions o) { orch = o; return this; }

  public ServiceSpec build() {
    return new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose, volumes, networks,
        networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal, stopGracePeriod, readOnly,
        capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, updateConfig, null, orch, null, null,
        null, null, null, null, null, null,
        null, null);
  }
}
