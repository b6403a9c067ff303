package io.orch.core.load;

import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.UpdateConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a service's {@code deploy} section (Swarm's meaning) and the service-level {@code restart} value. */
final class DeployReader {
  /** What deploy contributes; null fields were not given. */
  record Deploy(Integer replicas, RestartPolicy restartPolicy, UpdateConfig update, UpdateConfig rollback,
      Resources limits) {
    static final Deploy NONE = new Deploy(null, null, null, null, null);
  }

  static final Map<String, RestartPolicy.Condition> CONDITIONS = ordered(
      "none", RestartPolicy.Condition.NONE, "on-failure", RestartPolicy.Condition.ON_FAILURE,
      "any", RestartPolicy.Condition.ANY);
  static final Map<String, UpdateConfig.FailureAction> FAILURE_ACTIONS = ordered(
      "pause", UpdateConfig.FailureAction.PAUSE, "continue", UpdateConfig.FailureAction.CONTINUE,
      "rollback", UpdateConfig.FailureAction.ROLLBACK);
  static final Map<String, UpdateConfig.Order> ORDERS = ordered(
      "stop-first", UpdateConfig.Order.STOP_FIRST, "start-first", UpdateConfig.Order.START_FIRST);

  private final ReadContext ctx;

  DeployReader(ReadContext ctx) {
    this.ctx = ctx;
  }

  static <E> Map<String, E> ordered(Object... keysAndValues) {
    Map<String, E> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      E value = (E) keysAndValues[i + 1];
      map.put((String) keysAndValues[i], value);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  Deploy read(YamlNode deploy) {
    Fields f = ctx.fields(deploy, "deploy: {replicas: 2}");
    if (f == null) {
      return Deploy.NONE;
    }
    YamlNode mode = f.value("mode");
    Integer replicas = null;
    if (mode != null) {
      String m = ctx.choice(mode, ordered("replicated", "replicated", "global", "global"));
      if ("global".equals(m)) {
        ctx.diagnostics.warning(mode, "deploy.mode global runs one replica on this single node",
            "use mode: replicated with replicas:");
        replicas = 1;
      }
    }
    Long r = f.integer("replicas", 0, Integer.MAX_VALUE, "2");
    if (r != null) {
      replicas = r.intValue();
    }
    RestartPolicy restart = null;
    YamlNode rp = f.value("restart_policy");
    if (rp != null) {
      restart = restartPolicy(rp);
    }
    UpdateConfig update = updateConfig(f.value("update_config"));
    UpdateConfig rollback = updateConfig(f.value("rollback_config"));
    Resources limits = null;
    YamlNode resources = f.value("resources");
    if (resources != null) {
      limits = resources(resources);
    }
    f.finish();
    return new Deploy(replicas, restart, update, rollback, limits);
  }

  private RestartPolicy restartPolicy(YamlNode node) {
    Fields f = ctx.fields(node, "{condition: on-failure, max_attempts: 3}");
    if (f == null) {
      return null;
    }
    RestartPolicy.Condition condition = f.choice("condition", CONDITIONS);
    Duration delay = f.duration("delay");
    Long max = f.integer("max_attempts", 0, Integer.MAX_VALUE, "3");
    Duration window = f.duration("window");
    f.finish();
    return new RestartPolicy(condition == null ? RestartPolicy.Condition.ANY : condition, delay,
        max == null ? null : max.intValue(), window);
  }

  private UpdateConfig updateConfig(YamlNode node) {
    if (node == null) {
      return null;
    }
    Fields f = ctx.fields(node, "{parallelism: 1, order: start-first}");
    if (f == null) {
      return null;
    }
    UpdateConfig d = UpdateConfig.DEFAULT;
    Long parallelism = f.integer("parallelism", 0, Integer.MAX_VALUE, "1");
    Duration delay = f.duration("delay");
    UpdateConfig.FailureAction action = f.choice("failure_action", FAILURE_ACTIONS);
    Duration monitor = f.duration("monitor");
    Double ratio = f.decimal("max_failure_ratio", 0.0, "0.1");
    if (ratio != null && ratio > 1.0) {
      ctx.diagnostics.error(f.node().get("max_failure_ratio"), "max_failure_ratio must be between 0 and 1",
          "e.g. 0.1 (10%)");
    }
    UpdateConfig.Order order = f.choice("order", ORDERS);
    f.finish();
    return new UpdateConfig(parallelism == null ? d.parallelism() : parallelism.intValue(),
        delay == null ? d.delay() : delay, action == null ? d.failureAction() : action,
        monitor == null ? d.monitor() : monitor, ratio == null ? d.maxFailureRatio() : ratio,
        order == null ? d.order() : order);
  }

  private Resources resources(YamlNode node) {
    Fields f = ctx.fields(node, "{limits: {cpus: \"0.5\", memory: 512m}}");
    if (f == null) {
      return null;
    }
    Double cpus = null;
    Long memory = null;
    Long pids = null;
    YamlNode limits = f.value("limits");
    if (limits != null) {
      Fields lf = ctx.fields(limits, "{cpus: \"0.5\", memory: 512m, pids: 100}");
      if (lf != null) {
        cpus = lf.decimal("cpus", 0.0, "\"0.5\"");
        memory = lf.size("memory");
        pids = lf.integer("pids", -1, Long.MAX_VALUE, "100");
        lf.finish();
      }
    }
    Double reservedCpus = null;
    Long reservedMemory = null;
    YamlNode reservations = f.value("reservations");
    if (reservations != null) {
      Fields rf = ctx.fields(reservations, "{cpus: \"0.25\", memory: 256m}");
      if (rf != null) {
        reservedCpus = rf.decimal("cpus", 0.0, "\"0.25\"");
        reservedMemory = rf.size("memory");
        rf.unsupported("devices", "device reservations (GPUs) are not supported");
        rf.unsupported("generic_resources", "generic resources are a Swarm feature orch does not have");
        rf.finish();
      }
    }
    f.finish();
    return new Resources(cpus, memory, pids, reservedCpus, reservedMemory);
  }

  /** The service-level {@code restart:} value in orch's (Swarm's) terms, or null when invalid (error reported). */
  RestartPolicy restart(YamlNode node) {
    String s = ctx.string(node, "unless-stopped");
    if (s == null) {
      return null;
    }
    String hint = "one of: no, always, on-failure[:N], unless-stopped";
    switch (s) {
      case "no", "false" -> {
        return new RestartPolicy(RestartPolicy.Condition.NONE, null, null, null);
      }
      case "always", "unless-stopped" -> {
        return new RestartPolicy(RestartPolicy.Condition.ANY, null, null, null);
      }
      case "on-failure" -> {
        return new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, null, null);
      }
      default -> {
        if (s.startsWith("on-failure:")) {
          String n = s.substring("on-failure:".length());
          if (n.matches("\\d{1,9}")) {
            return new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, Integer.parseInt(n), null);
          }
        }
        ctx.diagnostics.error(node, "unknown restart value \"" + s + "\"", hint);
        return null;
      }
    }
  }
}
