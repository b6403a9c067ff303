package io.orch.core.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.orch.core.model.Autoscale;
import io.orch.core.model.BuildSpec;
import io.orch.core.model.Dependency;
import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.IngressLimits;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Prints a Stack as a Compose file (what {@code orch config} shows, like {@code docker compose config}): normalized,
 * interpolated, defaults filled in, Compose key names, durations like {@code 1m30s}, sizes in bytes, and every
 * literal {@code $} written as {@code $$} so that the output loads again into an equal Stack.
 *
 * <p>This normalized Compose text is the one form of a stack outside a process: the CLI sends it
 * ({@link #toSubmission}), the agent stores it ({@link #toStored}), and {@link StackLoader} is the one reader of
 * both. The model records therefore have no serialized form of their own.
 */
public final class StackWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .build();
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * In the stored form, the SHA-256 of a file secret's or config's bytes when it was submitted, beside its path. An
   * extension key, so Compose and a loader of files ignore it.
   */
  static final String PINNED_DIGEST = "x-orch-digest";

  /** Which of the three outputs: printed (orch config), sent (the CLI's submission), stored (the agent's copy). */
  private enum Form { PRINTED, SUBMITTED, STORED }

  private StackWriter() {}

  public static String toYaml(Stack stack) {
    try {
      return YAML.writeValueAsString(tree(stack, Form.PRINTED));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print stack " + stack.name(), e); // a tree of plain nodes always prints
    }
  }

  /**
   * What the CLI submits: like {@link #toYaml} but a secret or config read from a variable carries its value, since
   * the agent that loads it does not have the CLI's environment. Not for printing.
   */
  public static String toSubmission(Stack stack) {
    try {
      return YAML.writeValueAsString(tree(stack, Form.SUBMITTED));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print stack " + stack.name(), e); // a tree of plain nodes always prints
    }
  }

  /**
   * The agent's stored copy of a stack, read back by {@link StackLoader#readStored}: the submission's form, plus the
   * digest of each file secret and config as it was when submitted (re-reading a file at agent start must not roll
   * a service whose file changed: only a new submission does).
   */
  public static String toStored(Stack stack) {
    try {
      return YAML.writeValueAsString(tree(stack, Form.STORED));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print stack " + stack.name(), e); // a tree of plain nodes always prints
    }
  }

  public static String toJson(Stack stack) {
    try {
      return JSON.writeValueAsString(tree(stack, Form.PRINTED)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print stack " + stack.name(), e);
    }
  }

  private static ObjectNode tree(Stack stack, Form form) {
    ObjectNode root = NODES.objectNode();
    root.put("name", stack.name());
    ObjectNode services = root.putObject("services");
    stack.services().forEach((name, s) -> services.set(name, service(s)));
    if (!stack.networks().isEmpty()) {
      ObjectNode networks = root.putObject("networks");
      stack.networks().forEach((name, n) -> networks.set(name, network(n)));
    }
    if (!stack.volumes().isEmpty()) {
      ObjectNode volumes = root.putObject("volumes");
      stack.volumes().forEach((name, v) -> volumes.set(name, volume(v)));
    }
    putFileObjects(root, stack, FileMount.Kind.SECRET, "secrets", form);
    putFileObjects(root, stack, FileMount.Kind.CONFIG, "configs", form);
    return root;
  }

  /** Values are interpolated on load, so a literal $ must be doubled to survive the next load. */
  private static String text(String s) {
    return s.replace("$", "$$");
  }

  private static ArrayNode strings(List<String> list) {
    ArrayNode a = NODES.arrayNode();
    list.forEach(s -> a.add(text(s)));
    return a;
  }

  private static ObjectNode stringMap(Map<String, String> map) {
    ObjectNode o = NODES.objectNode();
    // A null value (an environment name passed bare) prints as null, as docker compose config prints it.
    map.forEach((k, v) -> {
      if (v == null) {
        o.putNull(k);
      } else {
        o.put(k, text(v));
      }
    });
    return o;
  }

  private static void putText(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, text(value));
    }
  }

  private static void putDuration(ObjectNode o, String key, Duration d) {
    if (d != null) {
      o.put(key, Durations.format(d));
    }
  }

  private static ObjectNode service(ServiceSpec s) {
    ObjectNode o = NODES.objectNode();
    putText(o, "image", s.image());
    if (s.build() != null) {
      o.set("build", build(s.build()));
    }
    o.put("pull_policy", s.pullPolicy().yaml());
    if (s.command() != null) {
      o.set("command", strings(s.command()));
    }
    if (s.entrypoint() != null) {
      o.set("entrypoint", strings(s.entrypoint()));
    }
    if (!s.environment().isEmpty()) {
      o.set("environment", stringMap(s.environment()));
    }
    if (!s.ports().isEmpty()) {
      ArrayNode ports = o.putArray("ports");
      s.ports().forEach(p -> ports.add(port(p)));
    }
    if (!s.expose().isEmpty()) {
      o.set("expose", strings(s.expose()));
    }
    if (!s.volumes().isEmpty()) {
      ArrayNode volumes = o.putArray("volumes");
      s.volumes().forEach(m -> volumes.add(mount(m)));
    }
    if (s.networkMode() != null) {
      o.put("network_mode", s.networkMode());
    } else {
      ObjectNode networks = o.putObject("networks");
      s.networks().forEach((name, n) -> networks.set(name, serviceNetwork(n)));
    }
    if (s.healthcheck() != null) {
      o.set("healthcheck", healthcheck(s.healthcheck()));
    }
    if (!s.dependsOn().isEmpty()) {
      ObjectNode deps = o.putObject("depends_on");
      s.dependsOn().forEach((name, d) -> deps.set(name, dependency(d)));
    }
    if (!s.labels().isEmpty()) {
      o.set("labels", stringMap(s.labels()));
    }
    putText(o, "user", s.user());
    putText(o, "working_dir", s.workingDir());
    putText(o, "hostname", s.hostname());
    putText(o, "stop_signal", s.stopSignal());
    putDuration(o, "stop_grace_period", s.stopGracePeriod());
    o.put("read_only", s.readOnly());
    if (!s.capAdd().isEmpty()) {
      o.set("cap_add", strings(s.capAdd()));
    }
    if (!s.capDrop().isEmpty()) {
      o.set("cap_drop", strings(s.capDrop()));
    }
    if (s.init() != null) {
      o.put("init", s.init());
    }
    o.put("privileged", s.privileged());
    putFileMounts(o, "secrets", s.secrets());
    putFileMounts(o, "configs", s.configs());
    putText(o, "container_name", s.containerName());
    putText(o, "ipc", s.ipc());
    putText(o, "pid", s.pid());
    if (!s.volumesFrom().isEmpty()) {
      o.set("volumes_from", strings(s.volumesFrom()));
    }
    if (!s.profiles().isEmpty()) {
      o.set("profiles", strings(s.profiles()));
    }
    HostOptionsWriter.write(o, s.host());
    o.set("deploy", deploy(s));
    o.set("x-orch", orch(s.orch()));
    return o;
  }

  /**
   * The definitions the services use, resolved: a file by its absolute path, an {@code environment:} source by the
   * variable's name, or for a submission by its value as {@code content:}.
   */
  private static void putFileObjects(ObjectNode root, Stack stack, FileMount.Kind kind, String key, Form form) {
    Map<String, FileSource> used = new java.util.TreeMap<>();
    stack.services().values().forEach(s -> (kind == FileMount.Kind.SECRET ? s.secrets() : s.configs())
        .forEach(m -> used.put(m.source(), m.from())));
    if (used.isEmpty()) {
      return;
    }
    ObjectNode objects = root.putObject(key);
    used.forEach((name, from) -> {
      ObjectNode o = objects.putObject(name);
      if (from.file() != null) {
        o.put("file", text(from.file()));
        if (form == Form.STORED && from.digest() != null) {
          o.put(PINNED_DIGEST, from.digest());
        }
      } else if (from.variable() != null && form == Form.PRINTED) {
        o.put("environment", from.variable());
      } else {
        o.put("content", text(from.content()));
      }
    });
  }

  private static void putFileMounts(ObjectNode o, String key, List<FileMount> mounts) {
    if (mounts.isEmpty()) {
      return;
    }
    ArrayNode list = o.putArray(key);
    for (FileMount m : mounts) {
      ObjectNode entry = list.addObject();
      entry.put("source", m.source());
      entry.put("target", text(m.target()));
      putText(entry, "uid", m.uid());
      putText(entry, "gid", m.gid());
      if (m.mode() != null) {
        entry.put("mode", String.format("0%o", m.mode()));
      }
    }
  }

  private static ObjectNode build(BuildSpec b) {
    ObjectNode o = NODES.objectNode();
    putText(o, "context", b.context());
    putText(o, "dockerfile", b.dockerfile());
    putText(o, "dockerfile_inline", b.dockerfileInline());
    if (!b.args().isEmpty()) {
      o.set("args", stringMap(b.args()));
    }
    putText(o, "target", b.target());
    if (!b.labels().isEmpty()) {
      o.set("labels", stringMap(b.labels()));
    }
    if (!b.tags().isEmpty()) {
      o.set("tags", strings(b.tags()));
    }
    if (b.noCache()) {
      o.put("no_cache", true);
    }
    if (b.pull()) {
      o.put("pull", true);
    }
    putText(o, "network", b.network());
    if (!b.extraHosts().isEmpty()) {
      o.set("extra_hosts", strings(b.extraHosts()));
    }
    if (b.shmSizeBytes() != null) {
      o.put("shm_size", b.shmSizeBytes());
    }
    if (!b.cacheFrom().isEmpty()) {
      o.set("cache_from", strings(b.cacheFrom()));
    }
    return o;
  }

  private static ObjectNode port(PortSpec p) {
    ObjectNode o = NODES.objectNode();
    o.put("target", p.target());
    if (p.published() != null) {
      o.put("published", p.published() + (p.isHostRange() ? "-" + p.publishedEnd() : ""));
    }
    putText(o, "host_ip", p.hostIp());
    o.put("protocol", p.protocol());
    return o;
  }

  private static ObjectNode mount(MountSpec m) {
    ObjectNode o = NODES.objectNode();
    o.put("type", m.type().name().toLowerCase(java.util.Locale.ROOT));
    putText(o, "source", m.source());
    putText(o, "target", m.target());
    if (m.readOnly()) {
      o.put("read_only", true);
    }
    if (m.tmpfsSizeBytes() != null || m.tmpfsMode() != null) {
      ObjectNode tmpfs = o.putObject("tmpfs");
      if (m.tmpfsSizeBytes() != null) {
        tmpfs.put("size", m.tmpfsSizeBytes());
      }
      if (m.tmpfsMode() != null) {
        tmpfs.put("mode", "0" + Integer.toOctalString(m.tmpfsMode()));
      }
    }
    return o;
  }

  private static ObjectNode serviceNetwork(ServiceNetwork n) {
    if (n.aliases().isEmpty() && !n.hasFixedAddress()) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    if (!n.aliases().isEmpty()) {
      o.set("aliases", strings(n.aliases()));
    }
    putText(o, "ipv4_address", n.ipv4Address());
    putText(o, "ipv6_address", n.ipv6Address());
    return o;
  }

  private static ObjectNode healthcheck(HealthCheck h) {
    ObjectNode o = NODES.objectNode();
    if (!h.inheritsTest()) {
      o.set("test", strings(h.test()));
    }
    putDuration(o, "interval", h.interval());
    putDuration(o, "timeout", h.timeout());
    if (h.retries() != null) {
      o.put("retries", h.retries());
    }
    putDuration(o, "start_period", h.startPeriod());
    putDuration(o, "start_interval", h.startInterval());
    return o;
  }

  private static ObjectNode dependency(Dependency d) {
    ObjectNode o = NODES.objectNode();
    o.put("condition", d.condition().yaml());
    o.put("required", d.required());
    return o;
  }

  private static ObjectNode deploy(ServiceSpec s) {
    ObjectNode o = NODES.objectNode();
    o.put("replicas", s.replicas());
    RestartPolicy r = s.restartPolicy();
    ObjectNode rp = o.putObject("restart_policy");
    rp.put("condition", r.condition().yaml());
    putDuration(rp, "delay", r.delay());
    if (r.maxAttempts() != null) {
      rp.put("max_attempts", r.maxAttempts());
    }
    putDuration(rp, "window", r.window());
    o.set("update_config", updateConfig(s.updateConfig()));
    o.set("rollback_config", updateConfig(s.rollbackConfig()));
    Resources res = s.resources();
    ObjectNode resources = o.putObject("resources");
    ObjectNode limits = NODES.objectNode();
    if (res.cpus() != null) {
      limits.put("cpus", res.cpus());
    }
    if (res.memoryBytes() != null) {
      limits.put("memory", res.memoryBytes());
    }
    if (res.pids() != null) {
      limits.put("pids", res.pids());
    }
    if (!limits.isEmpty()) {
      resources.set("limits", limits);
    }
    ObjectNode reservations = NODES.objectNode();
    if (res.reservedCpus() != null) {
      reservations.put("cpus", res.reservedCpus());
    }
    if (res.reservedMemoryBytes() != null) {
      reservations.put("memory", res.reservedMemoryBytes());
    }
    if (!reservations.isEmpty()) {
      resources.set("reservations", reservations);
    }
    if (resources.isEmpty()) {
      o.remove("resources");
    }
    return o;
  }

  private static ObjectNode updateConfig(UpdateConfig u) {
    ObjectNode o = NODES.objectNode();
    o.put("parallelism", u.parallelism());
    putDuration(o, "delay", u.delay());
    o.put("failure_action", u.failureAction().yaml());
    putDuration(o, "monitor", u.monitor());
    o.put("max_failure_ratio", u.maxFailureRatio());
    o.put("order", u.order().yaml());
    return o;
  }

  private static ObjectNode orch(OrchOptions x) {
    ObjectNode o = NODES.objectNode();
    o.put("on_unhealthy", x.onUnhealthy().yaml());
    ObjectNode b = o.putObject("backoff");
    putDuration(b, "initial", x.backoff().initial());
    putDuration(b, "max", x.backoff().max());
    putDuration(b, "reset_after", x.backoff().resetAfter());
    o.put("ingress", x.ingress());
    // Only when set: files written before these keys existed keep their exact `orch config` output.
    IngressLimits limits = x.ingressLimits();
    if (limits.maxConnections() != IngressLimits.DEFAULT.maxConnections()) {
      o.put("ingress_max_connections", limits.maxConnections());
    }
    if (!limits.idleTimeout().equals(IngressLimits.DEFAULT.idleTimeout())) {
      putDuration(o, "ingress_idle_timeout", limits.idleTimeout());
    }
    if (!limits.responseTimeout().equals(IngressLimits.DEFAULT.responseTimeout())) {
      putDuration(o, "ingress_response_timeout", limits.responseTimeout());
    }
    Autoscale a = x.autoscale();
    if (a != null) {
      ObjectNode as = o.putObject("autoscale");
      as.put("min", a.min());
      as.put("max", a.max());
      if (a.cpuPercent() != null) {
        as.put("cpu", a.cpuPercent() + "%");
      }
      if (a.memoryPercent() != null) {
        as.put("memory", a.memoryPercent() + "%");
      }
      as.set("scale_up", behavior(a.scaleUp()));
      as.set("scale_down", behavior(a.scaleDown()));
    }
    return o;
  }

  private static ObjectNode behavior(Autoscale.Behavior b) {
    ObjectNode o = NODES.objectNode();
    putDuration(o, "stabilization", b.stabilization());
    if (b.maxStep() != null) {
      o.put("max_step", b.maxStep());
    }
    putDuration(o, "period", b.period());
    return o;
  }

  private static ObjectNode network(NetworkSpec n) {
    ObjectNode o = NODES.objectNode();
    o.put("driver", n.driver());
    if (n.internal()) {
      o.put("internal", true);
    }
    if (n.external()) {
      o.put("external", true);
    }
    putText(o, "name", n.externalName());
    if (!n.labels().isEmpty()) {
      o.set("labels", stringMap(n.labels()));
    }
    if (!n.driverOpts().isEmpty()) {
      o.set("driver_opts", stringMap(n.driverOpts()));
    }
    if (n.attachable()) {
      o.put("attachable", true);
    }
    if (n.enableIpv6()) {
      o.put("enable_ipv6", true);
    }
    if (n.ipam() != null) {
      o.set("ipam", ipam(n.ipam()));
    }
    return o;
  }

  private static ObjectNode ipam(NetworkSpec.Ipam ipam) {
    ObjectNode o = NODES.objectNode();
    putText(o, "driver", ipam.driver());
    ArrayNode config = o.putArray("config");
    for (NetworkSpec.IpamPool pool : ipam.config()) {
      ObjectNode p = config.addObject();
      putText(p, "subnet", pool.subnet());
      putText(p, "ip_range", pool.ipRange());
      putText(p, "gateway", pool.gateway());
      if (!pool.auxAddresses().isEmpty()) {
        p.set("aux_addresses", stringMap(pool.auxAddresses()));
      }
    }
    if (!ipam.options().isEmpty()) {
      o.set("options", stringMap(ipam.options()));
    }
    return o;
  }

  private static ObjectNode volume(VolumeSpec v) {
    ObjectNode o = NODES.objectNode();
    o.put("driver", v.driver());
    if (v.external()) {
      o.put("external", true);
    }
    putText(o, "name", v.externalName());
    if (!v.labels().isEmpty()) {
      o.set("labels", stringMap(v.labels()));
    }
    if (!v.driverOpts().isEmpty()) {
      o.set("driver_opts", stringMap(v.driverOpts()));
    }
    return o;
  }
}
