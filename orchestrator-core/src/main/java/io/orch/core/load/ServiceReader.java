package io.orch.core.load;

import io.orch.core.model.Autoscale;
import io.orch.core.model.BuildSpec;
import io.orch.core.model.Dependency;
import io.orch.core.model.FileMount;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.HostOptions;
import io.orch.core.model.IngressLimits;
import io.orch.core.model.MountSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one entry of {@code services} into a ServiceSpec, reporting every problem it finds along the way. */
final class ServiceReader {
  static final Map<String, PullPolicy> PULL_POLICIES = DeployReader.ordered("always", PullPolicy.ALWAYS,
      "never", PullPolicy.NEVER, "missing", PullPolicy.MISSING, "if_not_present", PullPolicy.MISSING,
      "build", PullPolicy.BUILD);
  static final Map<String, Dependency.Condition> DEPENDENCY_CONDITIONS = DeployReader.ordered(
      "service_started", Dependency.Condition.SERVICE_STARTED,
      "service_healthy", Dependency.Condition.SERVICE_HEALTHY,
      "service_completed_successfully", Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY);
  static final Map<String, OrchOptions.OnUnhealthy> ON_UNHEALTHY = DeployReader.ordered(
      "restart", OrchOptions.OnUnhealthy.RESTART, "ignore", OrchOptions.OnUnhealthy.IGNORE);

  private final ReadContext ctx;
  private final DeployReader deployReader;
  private final String serviceName;
  private final AutoscaleReader autoscale;

  ServiceReader(ReadContext ctx, String serviceName) {
    this.ctx = ctx;
    this.serviceName = serviceName;
    this.deployReader = new DeployReader(ctx);
    this.autoscale = new AutoscaleReader(ctx, serviceName);
  }

  /** The service, or null when it is not even a mapping. Fields with errors are left at their defaults. */
  ServiceSpec read(YamlNode node) {
    String name = serviceName;
    Fields f = ctx.fields(node, "web: {image: nginx:1.27}");
    if (f == null) {
      return null;
    }
    YamlNode imageNode = f.value("image");
    String image = imageNode == null ? null : ctx.string(imageNode, "nginx:1.27");
    YamlNode buildNode = f.value("build");
    BuildSpec build = buildNode == null ? null : new BuildReader(ctx).read(buildNode);
    if (imageNode == null || (image != null && image.isBlank())) {
      // With build: and no image:, StackLoader names the image <stack>-<service> once the stack's name is known.
      image = null;
      if (buildNode == null) {
        ctx.diagnostics.error(imageNode == null ? node : imageNode, "service " + name + " has no image",
            "add image: NAME[:TAG], or build: ./folder to build it");
      }
    }
    PullPolicy pullPolicy = pullPolicy(f);
    List<String> command = commandLine(f, "command");
    List<String> entrypoint = commandLine(f, "entrypoint");
    Map<String, String> envFileEnvironment = envFileEnvironment(f);
    Map<String, String> environment = environment(f, envFileEnvironment);
    List<PortSpec> ports = new ArrayList<>();
    YamlNode portsNode = f.value("ports");
    if (portsNode != null) {
      ports = new PortParser(ctx).read(portsNode);
    }
    List<String> expose = f.stringList("expose", false, "expose: [\"3000\"]");
    List<MountSpec> mounts = new ArrayList<>();
    VolumeParser volumeParser = new VolumeParser(ctx);
    YamlNode volumes = f.value("volumes");
    if (volumes != null) {
      volumeParser.readVolumes(volumes, mounts);
    }
    YamlNode tmpfs = f.value("tmpfs");
    if (tmpfs != null) {
      volumeParser.readTmpfs(tmpfs, mounts);
    }
    SharedNamespaceReader shared = new SharedNamespaceReader(ctx, serviceName);
    String networkMode = networkMode(f, shared);
    Map<String, ServiceNetwork> networks = networks(f, networkMode);
    RestartPolicy restart = null;
    YamlNode restartNode = f.value("restart");
    if (restartNode != null) {
      restart = deployReader.restart(restartNode);
    }
    HealthCheck healthcheck = healthcheck(f);
    Map<String, Dependency> dependsOn = dependsOn(f);
    links(f.value("links"), dependsOn);
    Map<String, String> labels = f.stringMap("labels", false, "labels: {com.example.team: web}");
    String user = f.string("user", "\"1000:1000\"");
    String workingDir = f.string("working_dir", "/app");
    String hostname = f.string("hostname", "web");
    String stopSignal = f.string("stop_signal", "SIGTERM");
    Duration stopGrace = f.duration("stop_grace_period");
    boolean readOnly = f.bool("read_only", false);
    List<String> capAdd = f.stringList("cap_add", false, "cap_add: [NET_ADMIN]");
    List<String> capDrop = f.stringList("cap_drop", false, "cap_drop: [ALL]");
    Boolean init = f.bool("init");
    boolean privileged = f.bool("privileged", false);
    Long memLimit = f.size("mem_limit");
    Double cpus = f.decimal("cpus", 0.0, "\"0.5\"");
    Long pidsLimit = f.integer("pids_limit", -1, Long.MAX_VALUE, "100");
    List<String> profiles = f.stringList("profiles", false, "profiles: [debug]");
    DeployReader.Deploy deploy = DeployReader.Deploy.NONE;
    YamlNode deployNode = f.value("deploy");
    if (deployNode != null) {
      deploy = deployReader.read(deployNode);
    }
    YamlNode scaleNode = f.value("scale");
    Long scale = scaleNode == null ? null : ctx.integer(scaleNode, 0, Integer.MAX_VALUE, "3");
    OrchOptions orch = orchOptions(f);
    FileMountReader fileMounts = new FileMountReader(ctx, serviceName);
    YamlNode secretsNode = f.value("secrets");
    List<FileMount> secrets = secretsNode == null ? List.of() : fileMounts.read(secretsNode, FileMount.Kind.SECRET);
    YamlNode configsNode = f.value("configs");
    List<FileMount> configs = configsNode == null ? List.of() : fileMounts.read(configsNode, FileMount.Kind.CONFIG);
    String ipc = shared.mode(f.value("ipc"), "ipc", List.of("host", "private", "shareable", "none"));
    String pid = shared.mode(f.value("pid"), "pid", List.of("host"));
    YamlNode volumesFromNode = f.value("volumes_from");
    List<String> volumesFrom = volumesFromNode == null ? List.of() : shared.volumesFrom(volumesFromNode);
    if (networkMode != null && networkMode.startsWith("service:") && !ports.isEmpty()) {
      ctx.diagnostics.error(portsNode, "service " + name + " shares the network of " + networkMode.substring(8)
          + " and cannot publish ports", "publish the ports on " + networkMode.substring(8) + " instead");
    }
    YamlNode containerNameNode = f.value("container_name");
    String containerName = containerNameNode == null ? null : ctx.string(containerNameNode, "container_name: web");
    if (containerName != null && !new NameChecks(ctx.diagnostics).engineName(containerNameNode, containerName)) {
      containerName = null;
    }
    HostOptions host = new HostOptionsReader(ctx).read(f);
    f.finish();
    shared.dependencies().forEach((dep, at) -> {
      if (!dependsOn.containsKey(dep)) {
        // Compose starts the service whose namespace or volumes are shared first, as an implicit depends_on.
        ctx.remember("depends_on", serviceName, dep, at);
        dependsOn.put(dep, Dependency.STARTED);
      }
    });

    Resources limits = deploy.limits() == null ? Resources.NONE : deploy.limits();
    // deploy.resources wins over the service-level keys when both are given, as in Compose.
    Resources resources = new Resources(
        limits.cpus() != null ? limits.cpus() : cpus,
        limits.memoryBytes() != null ? limits.memoryBytes() : memLimit,
        limits.pids() != null ? limits.pids() : pidsLimit,
        limits.reservedCpus(), limits.reservedMemoryBytes());
    RestartPolicy restartPolicy = deploy.restartPolicy() != null ? deploy.restartPolicy() : restart;
    if (restartPolicy != null) {
      ctx.restartDeclared(serviceName);
    }
    int replicas = autoscale.replicas(replicas(scaleNode, scale, deploy), replicasNode(deployNode, scaleNode, deploy,
        scale));
    checkHostPortRanges(portsNode, ports, replicas, deploy);
    checkFixedAddresses(f.node().get("networks"), networks, replicas);
    if (containerName != null && replicas > 1) {
      ctx.diagnostics.error(containerNameNode, "container_name " + containerName + " names one container, but service "
          + name + " has " + replicas + " replicas", "remove container_name, or run one replica");
    }
    autoscale.check(replicas, resources, containerName, containerNameNode, ports, portsNode, networks,
        f.node().get("networks"), orch == null || orch.ingress());
    ServiceSpec spec = new ServiceSpec(name, image, pullPolicy, command, entrypoint, environment, ports, expose,
        mounts, networks, networkMode, healthcheck, dependsOn, labels, user, workingDir, hostname, stopSignal,
        stopGrace, readOnly, capAdd, capDrop, init, privileged, resources, replicas, restartPolicy, deploy.update(),
        deploy.rollback(), orch, profiles, build, secrets, configs, containerName, ipc, pid, volumesFrom, host,
        envFileEnvironment);
    new IngressPortCheck(ctx).check(portsNode, spec);
    return spec;
  }

  /** {@code scale:} is Compose's other spelling of deploy.replicas; two different values are an error there too. */
  private int replicas(YamlNode scaleNode, Long scale, DeployReader.Deploy deploy) {
    if (scale != null && deploy.replicas() != null && scale.intValue() != deploy.replicas()) {
      ctx.diagnostics.error(scaleNode, "scale: " + scale + " and deploy.replicas: " + deploy.replicas() + " differ",
          "set the number of replicas once, in scale: or in deploy.replicas");
    }
    if (deploy.replicas() != null) {
      return deploy.replicas();
    }
    return scale == null ? 1 : scale.intValue();
  }

  /** Where the replicas were declared: deploy.replicas, else scale; null when neither was. */
  private static YamlNode replicasNode(YamlNode deployNode, YamlNode scaleNode, DeployReader.Deploy deploy,
      Long scale) {
    if (deploy.replicas() != null && deployNode instanceof YamlNode.Mapping m && m.get("replicas") != null) {
      return m.get("replicas");
    }
    return scale != null ? scaleNode : null;
  }

  /** Each replica takes its own host port from a range, so the range must hold them all. */
  private void checkHostPortRanges(YamlNode portsNode, List<PortSpec> ports, int replicas,
      DeployReader.Deploy deploy) {
    for (PortSpec port : ports) {
      if (!port.isHostRange()) {
        continue;
      }
      String range = port.published() + "-" + port.publishedEnd() + ":" + port.target();
      if (port.hostPortCount() < replicas) {
        ctx.diagnostics.error(portsNode, "port range " + range + " has " + port.hostPortCount()
            + " host ports for " + replicas + " replicas", "widen the range or lower the replicas");
      }
      if (deploy.update() != null && deploy.update().order() == io.orch.core.model.UpdateConfig.Order.START_FIRST) {
        ctx.diagnostics.error(portsNode, "port range " + range + " cannot be used with update order start-first",
            "a replica and its replacement would need the same host port; use order: stop-first");
      }
    }
  }

  private PullPolicy pullPolicy(Fields f) {
    YamlNode node = f.value("pull_policy");
    if (node instanceof YamlNode.Scalar s && (s.text().equals("daily") || s.text().equals("weekly")
        || s.text().startsWith("every_"))) {
      ctx.diagnostics.warning(node, "pull_policy " + s.text() + " is not supported, treated as missing",
          "orch pulls when the image is missing; use always to pull on every deploy");
      return PullPolicy.MISSING;
    }
    return node == null ? null : ctx.choice(node, PULL_POLICIES);
  }

  /** A string is split shell-like (as Compose does), a list is taken as is. */
  private List<String> commandLine(Fields f, String key) {
    YamlNode node = f.take(key);
    if (node == null || ReadContext.isNull(node)) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s) {
      List<String> words = ShellWords.split(s.text());
      if (words == null) {
        ctx.diagnostics.error(node, "unbalanced quotes in " + key, "close every ' and \", or use the list form");
      }
      return words;
    }
    return ctx.stringList(node, false, key + ": [\"sh\", \"-c\", \"echo hi\"]");
  }

  private Map<String, String> envFileEnvironment(Fields f) {
    YamlNode envFile = f.value("env_file");
    return envFile == null ? Map.of() : new EnvFileReader(ctx).read(envFile);
  }

  /** env_file values first, environment: over them (as Compose merges them). */
  private Map<String, String> environment(Fields f, Map<String, String> envFileEnvironment) {
    Map<String, String> env = new LinkedHashMap<>(envFileEnvironment);
    Map<String, String> inline = f.environmentMap("environment", "environment: {LOG_LEVEL: debug}");
    if (inline != null) {
      env.putAll(inline);
    }
    return env;
  }

  private String networkMode(Fields f, SharedNamespaceReader shared) {
    YamlNode node = f.value("network_mode");
    if (node == null) {
      return null;
    }
    String mode = ctx.string(node, "host");
    if (mode == null) {
      return null;
    }
    return shared.networkMode(node, mode);
  }

  private Map<String, ServiceNetwork> networks(Fields f, String networkMode) {
    Map<String, ServiceNetwork> out = new LinkedHashMap<>();
    YamlNode node = f.value("networks");
    if (node != null && f.has("network_mode")) {
      ctx.diagnostics.error(node, "networks and network_mode cannot be combined", "remove one of them");
      return out;
    }
    if (node == null) {
      if (networkMode == null && !f.has("network_mode")) {
        out.put("default", ServiceNetwork.PLAIN);
      }
      return out;
    }
    if (node instanceof YamlNode.Sequence) {
      for (YamlNode item : ((YamlNode.Sequence) node).items()) {
        String net = ctx.string(item, "networks: [front]");
        if (net != null) {
          ctx.remember("networks", serviceName, net, item);
          out.put(net, ServiceNetwork.PLAIN);
        }
      }
    } else if (node instanceof YamlNode.Mapping m) {
      m.entries().forEach((name, e) -> {
        ctx.consume(e.value().path());
        ctx.remember("networks", serviceName, name, new YamlNode.Scalar(name, YamlNode.Kind.STRING, e.keyMark(),
            e.value().path()));
        Fields nf = ctx.fields(e.value(), "front: {aliases: [api]}");
        if (nf == null) {
          return;
        }
        List<String> aliases = nf.stringList("aliases", false, "aliases: [api]");
        String ipv4 = address(nf.value("ipv4_address"), "172.28.5.10", false);
        String ipv6 = address(nf.value("ipv6_address"), "fd00:28::10", true);
        nf.finish();
        out.put(name, new ServiceNetwork(aliases, ipv4, ipv6));
      });
    } else {
      ctx.typeError(node, "a list or a mapping", "networks: [front]");
    }
    return out;
  }

  private String address(YamlNode node, String example, boolean v6) {
    String text = node == null ? null : ctx.string(node, example);
    if (text != null && (!TopLevelReader.isAddress(text) || text.contains(":") != v6)) {
      ctx.diagnostics.error(node, "\"" + text + "\" is not an " + (v6 ? "IPv6" : "IPv4") + " address",
          "e.g. " + example);
      return null;
    }
    return text;
  }

  /** A fixed address belongs to one container; Compose refuses it with several replicas too. */
  private void checkFixedAddresses(YamlNode networksNode, Map<String, ServiceNetwork> networks, int replicas) {
    if (replicas > 1 && networks.values().stream().anyMatch(ServiceNetwork::hasFixedAddress)) {
      ctx.diagnostics.error(networksNode, "ipv4_address/ipv6_address cannot be used with " + replicas + " replicas",
          "each replica needs its own address: remove the fixed address or run one replica");
    }
  }

  private HealthCheck healthcheck(Fields f) {
    YamlNode node = f.value("healthcheck");
    if (node == null) {
      return null;
    }
    Fields h = ctx.fields(node, "{test: [\"CMD\", \"true\"], interval: 10s}");
    if (h == null) {
      return null;
    }
    List<String> test = null;
    YamlNode testNode = h.value("test");
    if (testNode instanceof YamlNode.Scalar s) {
      test = List.of("CMD-SHELL", s.text());
    } else if (testNode != null) {
      test = ctx.stringList(testNode, false, "test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]");
      if (test != null && (test.isEmpty() || !List.of("CMD", "CMD-SHELL", "NONE").contains(test.get(0)))) {
        ctx.diagnostics.error(testNode, "healthcheck test list must start with CMD, CMD-SHELL or NONE",
            "e.g. [\"CMD\", \"curl\", \"-f\", \"http://localhost\"] or a string for CMD-SHELL");
        test = null;
      }
    }
    Duration interval = h.duration("interval");
    Duration timeout = h.duration("timeout");
    Long retries = h.integer("retries", 0, Integer.MAX_VALUE, "3");
    Duration startPeriod = h.duration("start_period");
    Duration startInterval = h.duration("start_interval");
    boolean disable = h.bool("disable", false);
    h.finish();
    if (disable) {
      return new HealthCheck(List.of("NONE"), null, null, null, null, null);
    }
    if (test == null && testNode != null) {
      return null; // an invalid test, reported above
    }
    if (test == null) {
      // Timing without a test: Compose keeps the image's HEALTHCHECK test and applies this timing to it.
      boolean timing = interval != null || timeout != null || retries != null || startPeriod != null
          || startInterval != null;
      return timing ? new HealthCheck(List.of(), interval, timeout, retries == null ? null : retries.intValue(),
          startPeriod, startInterval) : null;
    }
    return new HealthCheck(test, interval, timeout, retries == null ? null : retries.intValue(), startPeriod,
        startInterval);
  }

  private Map<String, Dependency> dependsOn(Fields f) {
    Map<String, Dependency> out = new LinkedHashMap<>();
    YamlNode node = f.value("depends_on");
    if (node == null) {
      return out;
    }
    if (node instanceof YamlNode.Sequence) {
      for (YamlNode item : ((YamlNode.Sequence) node).items()) {
        String dep = ctx.string(item, "depends_on: [db]");
        if (dep != null) {
          ctx.remember("depends_on", serviceName, dep, item);
          out.put(dep, Dependency.STARTED);
        }
      }
      return out;
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      ctx.typeError(node, "a list or a mapping", "depends_on: {db: {condition: service_healthy}}");
      return out;
    }
    m.entries().forEach((name, e) -> {
      ctx.consume(e.value().path());
      ctx.remember("depends_on", serviceName, name, new YamlNode.Scalar(name, YamlNode.Kind.STRING, e.keyMark(),
          e.value().path()));
      Fields d = ctx.fields(e.value(), "db: {condition: service_healthy}");
      if (d == null) {
        return;
      }
      Dependency.Condition condition = d.choice("condition", DEPENDENCY_CONDITIONS);
      boolean required = d.bool("required", true);
      d.unsupported("restart", "orch does not restart dependents when a dependency restarts");
      d.finish();
      out.put(name, new Dependency(condition == null ? Dependency.Condition.SERVICE_STARTED : condition, required));
    });
    return out;
  }

  /**
   * {@code links: [db, "db:database"]}: each linked service starts first (an implied depends_on, as in Compose) and
   * the alias is added to it once every service is read ({@link Links}).
   */
  private void links(YamlNode node, Map<String, Dependency> dependsOn) {
    if (node == null) {
      return;
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      ctx.typeError(node, "a list", "links: [\"db:database\"]");
      return;
    }
    for (YamlNode item : seq.items()) {
      String entry = ctx.string(item, "links: [\"db:database\"]");
      if (entry == null) {
        continue;
      }
      int colon = entry.indexOf(':');
      String target = colon < 0 ? entry : entry.substring(0, colon);
      String alias = colon < 0 ? target : entry.substring(colon + 1);
      if (target.isEmpty() || alias.isEmpty()) {
        ctx.diagnostics.error(item, "links entry \"" + entry + "\" needs a service name",
            "write SERVICE or SERVICE:ALIAS, e.g. db:database");
        continue;
      }
      if (!dependsOn.containsKey(target)) {
        ctx.remember("depends_on", serviceName, target, item);
        dependsOn.put(target, Dependency.STARTED);
      }
      ctx.link(new Links.Link(serviceName, target, alias));
    }
  }

  private OrchOptions orchOptions(Fields f) {
    YamlNode node = f.take("x-orch");
    if (ReadContext.isNull(node)) {
      return null;
    }
    Fields o = ctx.fields(node, "x-orch: {on_unhealthy: restart}");
    if (o == null) {
      return null;
    }
    OrchOptions.OnUnhealthy onUnhealthy = o.choice("on_unhealthy", ON_UNHEALTHY);
    OrchOptions.Backoff backoff = null;
    YamlNode b = o.value("backoff");
    if (b != null) {
      Fields bf = ctx.fields(b, "backoff: {initial: 1s, max: 60s, reset_after: 30s}");
      if (bf != null) {
        OrchOptions.Backoff d = OrchOptions.Backoff.DEFAULT;
        Duration initial = bf.duration("initial");
        Duration max = bf.duration("max");
        Duration resetAfter = bf.duration("reset_after");
        bf.finish();
        backoff = new OrchOptions.Backoff(initial == null ? d.initial() : initial, max == null ? d.max() : max,
            resetAfter == null ? d.resetAfter() : resetAfter);
      }
    }
    boolean ingress = o.bool("ingress", true);
    IngressLimits limits = ingressLimits(o);
    YamlNode a = o.value("autoscale");
    Autoscale scaling = a == null ? null : autoscale.read(a);
    o.finish();
    return new OrchOptions(onUnhealthy, backoff, ingress, scaling, limits);
  }

  /** {@code ingress_max_connections}, {@code ingress_idle_timeout}, {@code ingress_response_timeout}. */
  private IngressLimits ingressLimits(Fields o) {
    IngressLimits d = IngressLimits.DEFAULT;
    Long max = o.integer("ingress_max_connections", 1, IngressLimits.MAX_CONNECTIONS, "4096");
    Duration idle = ingressTimeout(o, "ingress_idle_timeout", "5m", false);
    Duration response = ingressTimeout(o, "ingress_response_timeout", "60s", true);
    return new IngressLimits(max == null ? d.maxConnections() : max.intValue(), idle == null ? d.idleTimeout() : idle,
        response == null ? d.responseTimeout() : response);
  }

  /**
   * A duration of at most a day, above 0 unless {@code zeroOff} (0s turns it off), or null (absent, or an error
   * reported at the value).
   */
  private Duration ingressTimeout(Fields o, String key, String example, boolean zeroOff) {
    YamlNode node = o.value(key);
    Duration d = node == null ? null : ctx.duration(node);
    if (d != null && ((d.isZero() && !zeroOff) || d.isNegative() || d.compareTo(IngressLimits.MAX_TIMEOUT) > 0)) {
      ctx.diagnostics.error(node, key + " must be " + (zeroOff ? "0s (off) to 24h" : "above 0s and at most 24h")
          + ", found " + ReadContext.describe(node), "e.g. " + key + ": " + example);
      return null;
    }
    return d;
  }
}
