package io.orch.core.load;

import io.orch.core.model.Autoscale;
import io.orch.core.model.PortSpec;
import io.orch.core.model.Resources;
import io.orch.core.model.ServiceNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code x-orch.autoscale} and checks it against the rest of the service: min/max/targets themselves, then (once
 * the service is read) a basis to measure each target against, the starting count within [min, max], and the keys
 * that cannot hold several replicas (container_name, fixed addresses, too narrow port ranges, a fixed host port
 * without orch's ingress) since the count may grow to max.
 */
final class AutoscaleReader {
  static final String EXAMPLE = "autoscale: {min: 1, max: 8, cpu: 70%}";

  private final ReadContext ctx;
  private final String service;
  private YamlNode node;
  private Autoscale autoscale;

  AutoscaleReader(ReadContext ctx, String service) {
    this.ctx = ctx;
    this.service = service;
  }

  /** The block, or null when it has errors (each reported) or is absent. */
  Autoscale read(YamlNode at) {
    node = at;
    Fields f = ctx.fields(at, EXAMPLE);
    if (f == null) {
      return null;
    }
    int before = errors();
    Long min = f.integer("min", 0, Integer.MAX_VALUE, "1");
    YamlNode maxNode = f.value("max");
    Long max = f.integer("max", 0, Integer.MAX_VALUE, "8");
    Integer cpu = percent(f.value("cpu"), "cpu: 70%");
    Integer memory = percent(f.value("memory"), "memory: 80%");
    Autoscale.Behavior up = behavior(f.value("scale_up"), Autoscale.SCALE_UP_DEFAULT,
        "scale_up: {stabilization: 0s, max_step: 4, period: 15s}");
    Autoscale.Behavior down = behavior(f.value("scale_down"), Autoscale.SCALE_DOWN_DEFAULT,
        "scale_down: {stabilization: 5m, max_step: 1, period: 60s}");
    f.finish();
    long lo = min == null ? 1 : min;
    if (min != null && min < 1) {
      ctx.diagnostics.error(f.node().get("min"), "autoscale min must be at least 1, found " + min,
          "set min: 1 or more (a service scaled to zero cannot measure its load)");
    }
    if (maxNode == null) {
      ctx.diagnostics.error(at, "autoscale of service " + service + " has no max", "e.g. " + EXAMPLE);
    } else if (max != null && max < lo) {
      ctx.diagnostics.error(maxNode, "autoscale max " + max + " is below min " + lo, "set max: " + lo
          + " or more");
    }
    if (f.node().get("cpu") == null && f.node().get("memory") == null) {
      ctx.diagnostics.error(at, "autoscale of service " + service + " has no target",
          "add cpu: 70%, memory: 80% or both: the average utilisation to keep the replicas at");
    }
    if (errors() > before || max == null || (cpu == null && memory == null)) {
      return null;
    }
    autoscale = new Autoscale((int) lo, max.intValue(), cpu, memory, up, down);
    return autoscale;
  }

  private int errors() {
    return ctx.diagnostics.errorCount();
  }

  /** {@code 70%}, or a bare whole number taken as percent; 1 to 1000. */
  private Integer percent(YamlNode n, String example) {
    if (n == null) {
      return null;
    }
    String s = ctx.string(n, example);
    if (s == null) {
      return null;
    }
    String digits = s.strip().endsWith("%") ? s.strip().substring(0, s.strip().length() - 1).strip() : s.strip();
    if (!digits.matches("\\d{1,9}")) {
      ctx.diagnostics.error(n, "\"" + s + "\" is not a percentage", "a whole percentage of the reservation, e.g. "
          + example);
      return null;
    }
    int v = Integer.parseInt(digits);
    if (v < 1 || v > Autoscale.MAX_PERCENT) {
      ctx.diagnostics.error(n, "target " + v + "% is outside 1% to " + Autoscale.MAX_PERCENT + "%",
          "the average utilisation to keep, as a percentage of the reservation (else limit), e.g. " + example);
      return null;
    }
    return v;
  }

  private Autoscale.Behavior behavior(YamlNode n, Autoscale.Behavior defaults, String example) {
    if (n == null) {
      return defaults;
    }
    Fields b = ctx.fields(n, example);
    if (b == null) {
      return defaults;
    }
    Duration stabilization = b.duration("stabilization");
    Long step = b.integer("max_step", 1, Integer.MAX_VALUE, "1");
    YamlNode periodNode = b.value("period");
    Duration period = b.duration("period");
    b.finish();
    if (period != null && period.compareTo(Duration.ofSeconds(1)) < 0) {
      ctx.diagnostics.error(periodNode, "period must be at least 1s, found " + Durations.format(period),
          "the time over which max_step replicas may be added or removed, e.g. 15s");
      period = null;
    }
    if (period != null && period.compareTo(Duration.ofMinutes(30)) > 0) {
      // Kubernetes caps periodSeconds at 1800; the same bound keeps the stack exportable.
      ctx.diagnostics.error(periodNode, "period must be at most 30m, found " + Durations.format(period),
          "e.g. 15s or 1m");
      period = null;
    }
    if (stabilization != null && stabilization.compareTo(Duration.ofHours(1)) > 0) {
      // Kubernetes caps stabilizationWindowSeconds at 3600.
      ctx.diagnostics.error(b.node().get("stabilization"), "stabilization must be at most 1h, found "
          + Durations.format(stabilization), "e.g. 0s to act at once, 5m to wait out short dips");
      stabilization = null;
    }
    Integer maxStep = step == null ? defaults.maxStep() : Integer.valueOf(step.intValue());
    return new Autoscale.Behavior(stabilization == null ? defaults.stabilization() : stabilization, maxStep,
        period == null ? defaults.period() : period);
  }

  /** The starting count: deploy.replicas (or scale) when given, which must lie in [min, max]; else min. */
  int replicas(int declared, YamlNode declaredAt) {
    if (autoscale == null) {
      return declared;
    }
    if (declaredAt == null) {
      return autoscale.min();
    }
    if (declared < autoscale.min() || declared > autoscale.max()) {
      ctx.diagnostics.error(declaredAt, declared + " replicas is outside the autoscale range " + autoscale.min()
          + " to " + autoscale.max() + " of service " + service,
          "the replicas are the starting count: set them within min and max, or leave them out to start at min");
    }
    return declared;
  }

  /** What the service must have for every count up to max. */
  void check(int replicas, Resources resources, String containerName, YamlNode containerNameNode, List<PortSpec> ports,
      YamlNode portsNode, Map<String, ServiceNetwork> networks, YamlNode networksNode, boolean ingress) {
    if (autoscale == null) {
      return;
    }
    YamlNode.Mapping m = (YamlNode.Mapping) node;
    if (autoscale.cpuPercent() != null && Autoscale.cpuBasis(resources) == null) {
      ctx.diagnostics.error(m.get("cpu"), "service " + service + " autoscales on cpu but declares no CPUs to measure"
          + " it against", "add deploy.resources.reservations.cpus (e.g. \"0.5\": 70% then means 0.35 CPUs), or a"
          + " cpus limit");
    }
    if (autoscale.memoryPercent() != null && Autoscale.memoryBasis(resources) == null) {
      ctx.diagnostics.error(m.get("memory"), "service " + service + " autoscales on memory but declares no memory to"
          + " measure it against", "add deploy.resources.reservations.memory (e.g. 256m), or a memory limit");
    }
    int max = autoscale.max();
    if (max < 2) {
      return;
    }
    // With more than one declared replica ServiceReader's own checks already report these.
    if (containerName != null && replicas <= 1) {
      ctx.diagnostics.error(containerNameNode, "container_name " + containerName + " names one container, but"
          + " service " + service + " autoscales up to " + max + " replicas", "remove container_name, or set"
          + " autoscale max: 1");
    }
    if (replicas <= 1 && networks.values().stream().anyMatch(ServiceNetwork::hasFixedAddress)) {
      ctx.diagnostics.error(networksNode, "ipv4_address/ipv6_address cannot be used with autoscale up to " + max
          + " replicas", "each replica needs its own address: remove the fixed address");
    }
    for (PortSpec port : ports) {
      if (port.published() == null) {
        continue;
      }
      if (port.isHostRange() && port.hostPortCount() < max && port.hostPortCount() >= replicas) {
        ctx.diagnostics.error(portsNode, "port range " + port.published() + "-" + port.publishedEnd() + ":"
            + port.target() + " has " + port.hostPortCount() + " host ports for up to " + max
            + " autoscaled replicas", "widen the range to " + max + " ports, publish one port (orch's ingress"
            + " spreads it over the replicas), or lower max");
      } else if (!port.isHostRange() && !ingress) {
        ctx.diagnostics.error(portsNode, "host port " + port.published() + " can be bound by one replica only, but"
            + " service " + service + " autoscales up to " + max + " replicas and x-orch.ingress is false",
            "remove ingress: false (orch's ingress spreads one port over the replicas), or publish a range of "
            + max + " host ports");
      }
    }
  }
}
