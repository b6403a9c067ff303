package io.orch.core.k8s;

import io.orch.core.k8s.manifest.PodSpec;
import io.orch.core.k8s.manifest.PodSpec.Capabilities;
import io.orch.core.k8s.manifest.PodSpec.Container;
import io.orch.core.k8s.manifest.PodSpec.ContainerPort;
import io.orch.core.k8s.manifest.PodSpec.EnvFromSource;
import io.orch.core.k8s.manifest.PodSpec.EnvVar;
import io.orch.core.k8s.manifest.PodSpec.ExecAction;
import io.orch.core.k8s.manifest.PodSpec.Probe;
import io.orch.core.k8s.manifest.PodSpec.SecurityContext;
import io.orch.core.k8s.manifest.PodSpec.VolumeMount;
import io.orch.core.lint.SecretLikeName;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.Autoscale;
import io.orch.core.model.Resources;
import io.orch.core.model.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the container-level keys of one service (image, command, env, ports, resources, probes, security). */
final class PodMapper {
  // Docker's health check defaults, made explicit because Kubernetes' own (10s period, 1s timeout) differ.
  private static final Duration DOCKER_INTERVAL = Duration.ofSeconds(30);
  private static final Duration DOCKER_TIMEOUT = Duration.ofSeconds(30);
  private static final int DOCKER_RETRIES = 3;
  private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");
  private static final Pattern EXPOSE = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?");

  private final Warnings warnings;

  PodMapper(Warnings warnings) {
    this.warnings = warnings;
  }

  /**
   * The service's own container; secret-looking variables reference {@code secretName}, {@code envFrom} reads the
   * env_file values (see {@link EnvironmentSources}).
   */
  Container container(ServiceSpec svc, String name, String secretName, List<EnvFromSource> envFrom,
      List<VolumeMount> mounts) {
    String path = "services." + svc.name();
    String image = svc.image();
    if (image == null) {
      image = name;
      warnings.add(Consequence.IMAGES,
          path + ".image", "no image: build it, push it to a registry and set image (\"" + name
          + "\" used as a placeholder)");
    } else if (svc.build() != null) {
      warnings.add(Consequence.IMAGES,
          path + ".build", "image " + image + " is built locally from " + svc.build().context()
          + "; push it to a registry the cluster can reach (orch build, then docker push " + image + ")");
    }
    return new Container(name, image, pullPolicy(svc), svc.entrypoint(), svc.command(), svc.workingDir(),
        env(svc, secretName), envFrom, containerPorts(svc), resources(svc), liveness(svc), readiness(svc), startup(svc),
        securityContext(svc), mounts);
  }

  /** Inline environment values whose names look secret, to be moved into the service's Secret. */
  static Map<String, String> secretValues(ServiceSpec svc) {
    Map<String, String> secrets = new TreeMap<>();
    EnvironmentSources.of(svc).inline().forEach((k, v) -> {
      if (SecretLikeName.matches(k)) {
        secrets.put(k, v == null ? "" : v);
      }
    });
    return secrets;
  }

  private List<EnvVar> env(ServiceSpec svc, String secretName) {
    List<EnvVar> env = new ArrayList<>();
    EnvironmentSources.of(svc).inline().forEach((k, v) -> {
      if (SecretLikeName.matches(k)) {
        env.add(EnvVar.fromSecret(k, secretName, k));
      } else {
        // Kubernetes expands $(VAR) in env values; $$( keeps a Compose value literal.
        env.add(EnvVar.literal(k, v == null ? "" : v.replace("$(", "$$(")));
      }
    });
    return env;
  }

  private String pullPolicy(ServiceSpec svc) {
    return switch (svc.pullPolicy()) {
      case ALWAYS -> "Always";
      case NEVER -> "Never";
      case MISSING -> null;
      case BUILD -> {
        warnings.add(Consequence.IMAGES,
            "services." + svc.name() + ".pull_policy", "build has no Kubernetes equivalent: push the image");
        yield null;
      }
    };
  }

  /** Container ports from ports (targets) and expose, deduplicated, in declaration order. */
  List<ContainerPort> containerPorts(ServiceSpec svc) {
    Set<ContainerPort> ports = new LinkedHashSet<>();
    for (PortSpec p : svc.ports()) {
      ports.add(new ContainerPort(p.target(), protocol(p.protocol())));
    }
    for (int i = 0; i < svc.expose().size(); i++) {
      String entry = svc.expose().get(i).trim();
      Matcher m = EXPOSE.matcher(entry);
      if (!m.matches()) {
        warnings.add(Consequence.REACHABILITY,
            "services." + svc.name() + ".expose[" + i + "]", "\"" + entry + "\" is not a port; left out");
        continue;
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      for (int port = from; port <= to; port++) {
        ports.add(new ContainerPort(port, protocol(m.group(3))));
      }
    }
    return List.copyOf(ports);
  }

  static String protocol(String compose) {
    return compose == null ? "TCP" : compose.toUpperCase(Locale.ROOT);
  }

  private PodSpec.Resources resources(ServiceSpec svc) {
    Resources r = svc.resources();
    Map<String, String> limits = new LinkedHashMap<>();
    Map<String, String> requests = new LinkedHashMap<>();
    if (r.cpus() != null) {
      limits.put("cpu", Quantities.cpu(r.cpus()));
    }
    if (r.memoryBytes() != null) {
      limits.put("memory", Quantities.bytes(r.memoryBytes()));
    }
    if (r.reservedCpus() != null) {
      requests.put("cpu", Quantities.cpu(r.reservedCpus()));
    }
    if (r.reservedMemoryBytes() != null) {
      requests.put("memory", Quantities.bytes(r.reservedMemoryBytes()));
    }
    // The HPA measures utilisation against requests, orch against the reservation else the limit: an autoscaled
    // service without a reservation requests its limit, so that both measure against the same amount.
    Autoscale autoscale = svc.restartPolicy().condition() == io.orch.core.model.RestartPolicy.Condition.ANY
        ? svc.orch().autoscale() : null;
    if (autoscale != null && autoscale.cpuPercent() != null && !requests.containsKey("cpu")
        && Autoscale.cpuBasis(r) != null) {
      requests.put("cpu", Quantities.cpu(Autoscale.cpuBasis(r)));
    }
    if (autoscale != null && autoscale.memoryPercent() != null && !requests.containsKey("memory")
        && Autoscale.memoryBasis(r) != null) {
      requests.put("memory", Quantities.bytes(Autoscale.memoryBasis(r)));
    }
    if (r.pids() != null) {
      warnings.add(Consequence.OTHER, "services." + svc.name() + ".pids_limit",
          "no per-container pids limit in Kubernetes (the kubelet's podPidsLimit is node-wide); left out");
    }
    if (!svc.host().blkio().equals(io.orch.core.model.HostOptions.Blkio.NONE)) {
      warnings.add(Consequence.OTHER, "services." + svc.name() + ".blkio_config",
          "no block IO weight or throttle per container in Kubernetes; left out");
    }
    return limits.isEmpty() && requests.isEmpty() ? null : new PodSpec.Resources(limits, requests);
  }

  private Probe liveness(ServiceSpec svc) {
    // x-orch.on_unhealthy: ignore is Compose's behaviour: health is reported, the container is not replaced.
    return svc.orch().onUnhealthy() == OrchOptions.OnUnhealthy.IGNORE ? null : probe(svc);
  }

  private Probe readiness(ServiceSpec svc) {
    return probe(svc);
  }

  private Probe probe(ServiceSpec svc) {
    HealthCheck hc = svc.healthcheck();
    if (hc == null || hc.disabled()) {
      return null;
    }
    String path = "services." + svc.name() + ".healthcheck";
    return new Probe(exec(hc), null, seconds(path + ".interval", orDefault(hc.interval(), DOCKER_INTERVAL)),
        seconds(path + ".timeout", orDefault(hc.timeout(), DOCKER_TIMEOUT)),
        hc.retries() == null ? DOCKER_RETRIES : Math.max(1, hc.retries()));
  }

  /**
   * Docker ignores failures during start_period; a startup probe holds liveness and readiness back for as long, then
   * allows the usual retries.
   */
  private Probe startup(ServiceSpec svc) {
    HealthCheck hc = svc.healthcheck();
    if (hc == null || hc.disabled() || hc.startPeriod() == null || hc.startPeriod().isZero()) {
      return null;
    }
    String path = "services." + svc.name() + ".healthcheck";
    Duration every = hc.startInterval() != null ? hc.startInterval() : orDefault(hc.interval(), DOCKER_INTERVAL);
    int period = seconds(path + (hc.startInterval() != null ? ".start_interval" : ".interval"), every);
    int startSeconds = seconds(path + ".start_period", hc.startPeriod());
    int retries = hc.retries() == null ? DOCKER_RETRIES : Math.max(1, hc.retries());
    return new Probe(exec(hc), null, period, seconds(path + ".timeout", orDefault(hc.timeout(), DOCKER_TIMEOUT)),
        (startSeconds + period - 1) / period + retries);
  }

  private static ExecAction exec(HealthCheck hc) {
    List<String> test = hc.test();
    if ("CMD-SHELL".equals(test.get(0))) {
      return new ExecAction(List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size()))));
    }
    return new ExecAction(List.copyOf("CMD".equals(test.get(0)) ? test.subList(1, test.size()) : test));
  }

  private static Duration orDefault(Duration d, Duration dflt) {
    return d == null ? dflt : d;
  }

  /** Whole seconds, at least 1; a fraction is rounded up, with a warning. */
  int seconds(String path, Duration d) {
    long whole = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    if (d.getNano() > 0) {
      warnings.add(Consequence.RESTARTS,
          path, "Kubernetes counts whole seconds: " + d.toMillis() + "ms rounded up to " + whole + "s");
    }
    return (int) Math.max(1, whole);
  }

  private SecurityContext securityContext(ServiceSpec svc) {
    String path = "services." + svc.name();
    Long runAsUser = null;
    Long runAsGroup = null;
    if (svc.user() != null) {
      Matcher m = NUMERIC_USER.matcher(svc.user());
      if (m.matches()) {
        runAsUser = Long.parseLong(m.group(1));
        runAsGroup = m.group(2) == null ? null : Long.parseLong(m.group(2));
      } else {
        warnings.add(Consequence.OTHER, path + ".user", "\"" + svc.user()
            + "\" is a name; Kubernetes needs a numeric uid (runAsUser), so the image's user applies");
      }
    }
    Capabilities caps = svc.capAdd().isEmpty() && svc.capDrop().isEmpty()
        ? null : new Capabilities(capabilities(svc.capAdd()), capabilities(svc.capDrop()));
    Boolean readOnly = svc.readOnly() ? Boolean.TRUE : null;
    Boolean privileged = svc.privileged() ? Boolean.TRUE : null;
    if (runAsUser == null && runAsGroup == null && readOnly == null && privileged == null && caps == null) {
      return null;
    }
    return new SecurityContext(runAsUser, runAsGroup, readOnly, privileged, caps);
  }

  /** Compose accepts CAP_NET_ADMIN and NET_ADMIN; Kubernetes wants the latter. */
  private static List<String> capabilities(List<String> caps) {
    return caps.stream().map(c -> c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")).toList();
  }
}
