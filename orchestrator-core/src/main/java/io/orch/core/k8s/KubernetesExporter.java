package io.orch.core.k8s;

import io.orch.core.k8s.manifest.ConfigMap;
import io.orch.core.k8s.manifest.Deployment;
import io.orch.core.k8s.manifest.HorizontalPodAutoscaler;
import io.orch.core.k8s.manifest.Ingress;
import io.orch.core.k8s.manifest.IntOrString;
import io.orch.core.k8s.manifest.Job;
import io.orch.core.k8s.manifest.KubeService;
import io.orch.core.k8s.manifest.LabelSelector;
import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.k8s.manifest.NetworkPolicy;
import io.orch.core.k8s.manifest.ObjectMeta;
import io.orch.core.k8s.manifest.PersistentVolumeClaim;
import io.orch.core.k8s.manifest.PodDisruptionBudget;
import io.orch.core.k8s.manifest.PodSpec;
import io.orch.core.k8s.manifest.PodSpec.Container;
import io.orch.core.k8s.manifest.PodSpec.ContainerPort;
import io.orch.core.k8s.manifest.PodSpec.EnvFromSource;
import io.orch.core.k8s.manifest.PodSpec.Volume;
import io.orch.core.k8s.manifest.PodSpec.VolumeMount;
import io.orch.core.k8s.manifest.PodTemplateSpec;
import io.orch.core.k8s.manifest.Secret;
import io.orch.core.k8s.manifest.StatefulSet;
import io.orch.core.model.Autoscale;
import io.orch.core.model.Dependency;
import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converts a stack into Kubernetes manifests, in apply order: per service (by name) its Secret, its env_file
 * ConfigMap and Secret, the
 * PersistentVolumeClaims it is first to use, its Deployment or Job, its Service(s) and its HorizontalPodAutoscaler;
 * then unused volumes' claims;
 * then NetworkPolicies. Whatever has no exact Kubernetes equivalent is named in a warning, never dropped silently.
 * A pure function of the stack: no I/O.
 */
public final class KubernetesExporter {
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  static final String NETWORK_LABEL_PREFIX = "network.orch.io/";
  static final String WAIT_IMAGE = "busybox:1.36";
  static final String DEFAULT_VOLUME_SIZE = "1Gi";
  private static final String DEFAULT_NETWORK = "default";
  /** Kubernetes' limit on a Secret's or ConfigMap's data. */
  private static final int MAX_OBJECT_BYTES = 1024 * 1024;
  private static final Set<String> DOCKER_SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock");

  private final ExportOptions options;

  public KubernetesExporter(ExportOptions options) {
    this.options = options;
  }

  public KubernetesExport export(Stack stack) {
    return new Run(stack).export();
  }

  /** The state of one export: names handed out, warnings, claims already emitted. */
  private final class Run {
    private final Stack stack;
    private final Warnings warnings = new Warnings();
    private final KubernetesNames serviceNames = new KubernetesNames(warnings, true);
    private final KubernetesNames volumeNames = new KubernetesNames(warnings, false);
    private final KubernetesNames networkNames = new KubernetesNames(warnings, false);
    private final KubernetesNames secretNames = new KubernetesNames(warnings, false);
    private final KubernetesNames configMapNames = new KubernetesNames(warnings, false);
    /** "secret:NAME" or "config:NAME" -> the object emitted for it (once, by its first user). */
    private final Map<String, String> fileObjects = new TreeMap<>();
    private final PodMapper pods = new PodMapper(warnings);
    private final Set<String> claimed = new TreeSet<>();
    /** Volumes that some StatefulSet claims per replica (volumeClaimTemplates). */
    private final Set<String> templated = new TreeSet<>();
    /** Kubernetes Service name -> who holds it, for the warning when an alias cannot have it. */
    private final Map<String, String> aliasOwners = new TreeMap<>();
    private final List<Manifest> out = new ArrayList<>();

    Run(Stack stack) {
      this.stack = stack;
    }

    KubernetesExport export() {
      // Names first, so that depends_on can refer to services later in the order.
      stack.services().keySet().forEach(s -> aliasOwners.put(serviceNames.name("services." + s, s), "service " + s));
      // The services' own Secrets (secret-looking environment) keep their names; a Compose secret of the same name
      // gets another.
      for (ServiceSpec svc : stack.services().values()) {
        if (!PodMapper.secretValues(svc).isEmpty()) {
          secretNames.name("services." + svc.name() + ".environment",
              KubernetesNames.derived(k8sName(svc.name()), "secrets"));
        }
        EnvironmentSources env = EnvironmentSources.of(svc);
        if (!env.fromFile().isEmpty()) {
          configMapNames.name("services." + svc.name() + ".env_file",
              KubernetesNames.derived(k8sName(svc.name()), "env"));
        }
        if (!env.fromFileSecret().isEmpty()) {
          secretNames.name("services." + svc.name() + ".env_file",
              KubernetesNames.derived(k8sName(svc.name()), "env-secrets"));
        }
      }
      warnSharedVolumes();
      for (ServiceSpec svc : stack.services().values()) {
        exportService(svc);
      }
      for (VolumeSpec vol : stack.volumes().values()) {
        if (!vol.external() && !claimed.contains(vol.name()) && !templated.contains(vol.name())) {
          out.add(claim(vol.name()));
        }
      }
      out.addAll(networkPolicies());
      return new KubernetesExport(out, warnings.list());
    }

    /**
     * The env_file values as a ConfigMap and (secret-looking names) a Secret, emitted before the workload; what reads
     * them. Values are written as they are: Kubernetes expands $(VAR) in env, not in envFrom.
     */
    private List<EnvFromSource> envFileObjects(ServiceSpec svc, String name) {
      String path = "services." + svc.name() + ".env_file";
      EnvironmentSources env = EnvironmentSources.of(svc);
      List<EnvFromSource> envFrom = new ArrayList<>();
      if (!env.fromFile().isEmpty()) {
        String cm = configMapNames.name(path, KubernetesNames.derived(name, "env"));
        out.add(new ConfigMap(meta(cm, baseLabels(name)), env.fromFile(), null));
        envFrom.add(EnvFromSource.configMap(cm));
      }
      if (!env.fromFileSecret().isEmpty()) {
        String secret = secretNames.name(path, KubernetesNames.derived(name, "env-secrets"));
        out.add(new Secret(meta(secret, baseLabels(name)), "Opaque", env.fromFileSecret()));
        envFrom.add(EnvFromSource.secret(secret));
      }
      return envFrom;
    }

    private String k8sName(String service) {
      return serviceNames.name("services." + service, service);
    }

    private void exportService(ServiceSpec svc) {
      String path = "services." + svc.name();
      String name = k8sName(svc.name());
      Map<String, String> secretValues = PodMapper.secretValues(svc);
      String secretName = secretValues.isEmpty() ? null
          : secretNames.name(path + ".environment", KubernetesNames.derived(name, "secrets"));
      if (!secretValues.isEmpty()) {
        out.add(new Secret(meta(secretName, baseLabels(name)), "Opaque", secretValues));
      }
      List<EnvFromSource> envFrom = envFileObjects(svc, name);
      List<Volume> volumes = new ArrayList<>();
      List<VolumeMount> mounts = new ArrayList<>();
      List<StatefulSet.ClaimTemplate> claimTemplates = new ArrayList<>();
      mapVolumes(svc, volumes, mounts, claimTemplates);
      mapFileMounts(svc, volumes, mounts);
      Container container = pods.container(svc, name, secretName, envFrom, mounts);
      boolean oneShot = svc.restartPolicy().condition() != RestartPolicy.Condition.ANY;
      PodSpec pod = new PodSpec(initContainers(svc), List.of(container), volumes,
          oneShot ? (svc.restartPolicy().condition() == RestartPolicy.Condition.NONE ? "Never" : "OnFailure") : null,
          svc.stopGracePeriod() == null ? null : (long) pods.seconds(path + ".stop_grace_period",
              svc.stopGracePeriod()),
          svc.hostname() == null ? null : KubernetesNames.sanitize(svc.hostname(), KubernetesNames.MAX),
          "host".equals(svc.networkMode()) ? Boolean.TRUE : null);
      warnUnmapped(svc, oneShot);
      Map<String, String> podLabels = new TreeMap<>(baseLabels(name));
      podLabels.putAll(networkLabels(svc));
      ObjectMeta workloadMeta = userLabelled(svc, name, baseLabels(name), true);
      PodTemplateSpec template = new PodTemplateSpec(userLabelled(svc, null, podLabels, false), pod);
      if (oneShot) {
        int backoff = svc.restartPolicy().condition() == RestartPolicy.Condition.NONE ? 0
            : svc.restartPolicy().maxAttempts() != null ? svc.restartPolicy().maxAttempts() : 6;
        out.add(new Job(workloadMeta,
            new Job.Spec(svc.replicas(), Math.max(1, svc.replicas()), backoff, template)));
      } else {
        UpdateConfig uc = svc.updateConfig();
        int minReady = uc.monitor() == null ? 0 : pods.seconds(path + ".deploy.update_config.monitor", uc.monitor());
        // With an HPA, spec.replicas is left out (as Kubernetes advises) so that a re-apply does not reset the count.
        Autoscale scaled = svc.orch().autoscale();
        if (scaled != null && svc.replicas() != scaled.min()) {
          warnings.add(Consequence.ORDERING,
              path + ".deploy.replicas", "the HorizontalPodAutoscaler owns the count: the Deployment leaves"
              + " replicas out, so that kubectl apply does not reset it, and starts at min " + scaled.min()
              + " rather than " + svc.replicas());
        }
        if (claimTemplates.isEmpty()) {
          out.add(new Deployment(workloadMeta, new Deployment.Spec(scaled != null ? null : svc.replicas(),
              new LabelSelector(selector(name)), strategy(uc), minReady > 0 ? minReady : null, template)));
        } else {
          // Parallel: Compose starts every replica at once; OrderedReady would wait for each in turn.
          out.add(new StatefulSet(workloadMeta, new StatefulSet.Spec(scaled != null ? null : svc.replicas(),
              new LabelSelector(selector(name)), name, "Parallel", new StatefulSet.UpdateStrategy("RollingUpdate"),
              minReady > 0 ? minReady : null, template, claimTemplates)));
          if (uc.order() == UpdateConfig.Order.START_FIRST || uc.parallelism() != 1) {
            warnings.add(Consequence.ORDERING,
                path + ".deploy.update_config", "a StatefulSet replaces one pod at a time, stop-first"
                + " (a replica's claim cannot be mounted by its old and new pod at once)");
          }
        }
        out.addAll(disruptionBudget(svc, name));
      }
      out.addAll(services(svc, name, container.ports()));
      out.addAll(aliasServices(svc, name, container.ports()));
      ingress(svc, name).ifPresent(out::add);
      Autoscale autoscale = svc.orch().autoscale();
      if (autoscale != null && oneShot) {
        warnings.add(Consequence.ORDERING,
            path + ".x-orch.autoscale", "a Job cannot be autoscaled; no HorizontalPodAutoscaler (use"
            + " restart: always or unless-stopped for a long-running service)");
      } else if (autoscale != null) {
        out.add(autoscaler(autoscale, name, baseLabels(name), claimTemplates.isEmpty() ? "Deployment" : "StatefulSet"));
      }
    }

    /**
     * The same rule for Kubernetes: min, max, a Resource metric per target (utilisation of the requests, which the
     * container carries: the reservations, else the limits), and the windows and step limits as behavior. A
     * direction without a step limit gets the HPA's own default policy, 100% per period.
     */
    private HorizontalPodAutoscaler autoscaler(Autoscale a, String name, Map<String, String> labels,
        String workloadKind) {
      List<HorizontalPodAutoscaler.MetricSpec> metrics = new ArrayList<>();
      for (Autoscale.Metric m : a.metrics()) {
        metrics.add(new HorizontalPodAutoscaler.MetricSpec("Resource", new HorizontalPodAutoscaler.ResourceMetricSource(
            m.yaml(), new HorizontalPodAutoscaler.MetricTarget("Utilization", a.target(m)))));
      }
      return new HorizontalPodAutoscaler(meta(name, labels), new HorizontalPodAutoscaler.Spec(
          new HorizontalPodAutoscaler.CrossVersionObjectReference("apps/v1", workloadKind, name), a.min(), a.max(),
          metrics, new HorizontalPodAutoscaler.Behavior(rules(a.scaleUp()), rules(a.scaleDown()))));
    }

    private HorizontalPodAutoscaler.ScalingRules rules(Autoscale.Behavior b) {
      int period = (int) b.period().toSeconds();
      HorizontalPodAutoscaler.ScalingPolicy policy = b.maxStep() == null
          ? new HorizontalPodAutoscaler.ScalingPolicy("Percent", 100, period)
          : new HorizontalPodAutoscaler.ScalingPolicy("Pods", b.maxStep(), period);
      return new HorizontalPodAutoscaler.ScalingRules((int) b.stabilization().toSeconds(), List.of(policy));
    }

    /**
     * A node drain may take down as many replicas at once as an update does ({@code update_config.parallelism});
     * only for 2 or more replicas, and only when that leaves one running (parallelism 0, all at once, protects
     * nothing).
     */
    private List<PodDisruptionBudget> disruptionBudget(ServiceSpec svc, String name) {
      Autoscale scaled = svc.orch().autoscale();
      int replicas = scaled != null ? scaled.min() : svc.replicas();
      int parallelism = svc.updateConfig().parallelism();
      if (replicas < 2 || parallelism == 0 || parallelism >= replicas) {
        return List.of();
      }
      return List.of(new PodDisruptionBudget(meta(name, baseLabels(name)),
          new PodDisruptionBudget.Spec(IntOrString.of(parallelism), new LabelSelector(selector(name)))));
    }

    /** Swarm's parallelism and order as a RollingUpdate: start-first surges, stop-first takes pods down first. */
    private Deployment.Strategy strategy(UpdateConfig uc) {
      IntOrString batch = uc.parallelism() == 0 ? IntOrString.of("100%") : IntOrString.of(uc.parallelism());
      Deployment.RollingUpdate ru = uc.order() == UpdateConfig.Order.START_FIRST
          ? new Deployment.RollingUpdate(batch, IntOrString.of(0))
          : new Deployment.RollingUpdate(IntOrString.of(0), batch);
      return new Deployment.Strategy("RollingUpdate", ru);
    }

    /**
     * The Service that makes the service's name resolve, as it does on a Compose network: ClusterIP over its ports,
     * or headless ({@code clusterIP: None}) when it declares none, so that DNS by name still answers with the pods'
     * addresses (a client of postgres on 5432 needs no port declared in Compose either). Then the published one.
     */
    private List<KubeService> services(ServiceSpec svc, String name, List<ContainerPort> ports) {
      if (ports.isEmpty()) {
        return List.of(new KubeService(meta(name, baseLabels(name)), KubeService.Spec.headless(selector(name))));
      }
      String path = "services." + svc.name();
      List<KubeService> result = new ArrayList<>();
      List<KubeService.Port> internal = internalPorts(ports);
      result.add(new KubeService(meta(name, baseLabels(name)),
          new KubeService.Spec("ClusterIP", selector(name), internal)));
      if (svc.ports().isEmpty()) {
        return result;
      }
      for (int i = 0; i < svc.ports().size(); i++) {
        if (svc.ports().get(i).hostIp() != null && !"0.0.0.0".equals(svc.ports().get(i).hostIp())) {
          warnings.add(Consequence.REACHABILITY, path + ".ports[" + i + "]", "host_ip " + svc.ports().get(i).hostIp()
              + " has no Kubernetes equivalent; the port is exposed on every node address");
        }
      }
      PublishedExposure exposure = options.exposePublished();
      if (exposure == PublishedExposure.CLUSTER_IP) {
        if (options.ingressHost() == null) {
          warnings.add(Consequence.REACHABILITY,
              path + ".ports", "published ports are reachable inside the cluster only (ClusterIP Service \""
              + name + "\"); use --expose-published=LoadBalancer|NodePort or --ingress-host");
        }
        return result;
      }
      Set<KubeService.Port> published = new LinkedHashSet<>();
      for (PortSpec p : svc.ports()) {
        String protocol = PodMapper.protocol(p.protocol());
        int port = p.published() != null ? p.published() : p.target();
        Integer nodePort = null;
        if (exposure == PublishedExposure.NODE_PORT) {
          if (port >= 30000 && port <= 32767) {
            nodePort = port;
          } else {
            warnings.add(Consequence.REACHABILITY, path + ".ports", "published port " + port
                + " is outside the NodePort range 30000-32767; Kubernetes picks the node port");
          }
        }
        published.add(new KubeService.Port(portName(protocol, port), port, p.target(), protocol, nodePort));
      }
      result.add(new KubeService(meta(KubernetesNames.derived(name, "published"), baseLabels(name)),
          new KubeService.Spec(exposure.serviceType(), selector(name), List.copyOf(published))));
      return result;
    }

    /**
     * The other names a Compose network resolves to this service's containers: its network aliases and its
     * container_name (Docker's DNS answers container names too). Each becomes a Service with the same selector and
     * ports, when Kubernetes can have a Service of that name; otherwise a warning says why clients of it fail.
     */
    private List<KubeService> aliasServices(ServiceSpec svc, String name, List<ContainerPort> ports) {
      Map<String, String> aliases = new LinkedHashMap<>();
      svc.networks().forEach((net, membership) -> {
        for (int i = 0; i < membership.aliases().size(); i++) {
          aliases.putIfAbsent(membership.aliases().get(i),
              "services." + svc.name() + ".networks." + net + ".aliases[" + i + "]");
        }
      });
      if (svc.containerName() != null) {
        aliases.putIfAbsent(svc.containerName(), "services." + svc.name() + ".container_name");
      }
      List<KubeService> result = new ArrayList<>();
      aliases.forEach((alias, path) -> {
        if (alias.equals(svc.name()) || alias.equals(name)) {
          return;
        }
        String owner = aliasOwners.get(KubernetesNames.sanitize(alias, KubernetesNames.MAX));
        String aliasName = serviceNames.nameIfFree(path, alias);
        if (aliasName == null) {
          warnings.add(Consequence.REACHABILITY,
              path, "no Service \"" + KubernetesNames.sanitize(alias, KubernetesNames.MAX) + "\" for this"
              + " alias: the name already belongs to " + (owner != null ? owner : "another object of the stack")
              + "; in Kubernetes one name selects one set of pods, so clients of \"" + alias + "\" reach that one");
          return;
        }
        aliasOwners.put(aliasName, "the alias of service " + svc.name());
        result.add(new KubeService(meta(aliasName, baseLabels(name)), ports.isEmpty()
            ? KubeService.Spec.headless(selector(name))
            : new KubeService.Spec("ClusterIP", selector(name), internalPorts(ports))));
      });
      return result;
    }

    /**
     * With --ingress-host H, a service with published ports gets an Ingress for host {@code <name>.H}: HTTP on every
     * path to its first published TCP port (through its ClusterIP Service, which listens on the container port). An
     * Ingress routes by host and path only, so the other published ports are named in a warning.
     */
    private java.util.Optional<Ingress> ingress(ServiceSpec svc, String name) {
      if (options.ingressHost() == null || svc.ports().isEmpty()) {
        return java.util.Optional.empty();
      }
      String path = "services." + svc.name() + ".ports";
      String host = name + "." + options.ingressHost();
      PortSpec http = svc.ports().stream().filter(p -> "TCP".equals(PodMapper.protocol(p.protocol())))
          .findFirst().orElse(null);
      if (http == null) {
        warnings.add(Consequence.REACHABILITY, path, "no TCP port: an Ingress carries HTTP only, so " + host
            + " gets none; use --expose-published=LoadBalancer|NodePort");
        return java.util.Optional.empty();
      }
      List<String> others = svc.ports().stream().filter(p -> p != http)
          .map(p -> (p.published() != null ? p.published() : p.target()) + "/" + PodMapper.protocol(p.protocol())
              .toLowerCase(java.util.Locale.ROOT))
          .distinct().toList();
      warnings.add(Consequence.REACHABILITY, path, "published as HTTP on http://" + host + "/ (Ingress \"" + name
          + "\", to container port " + http.target() + "; TLS, if any, is the Ingress controller's)"
          + (others.isEmpty() || options.exposePublished() != PublishedExposure.CLUSTER_IP ? ""
          : "; " + String.join(", ", others) + " reachable inside the cluster only: an Ingress routes one port per"
          + " host (use --expose-published=LoadBalancer|NodePort for them)"));
      return java.util.Optional.of(new Ingress(meta(name, baseLabels(name)), new Ingress.Spec(List.of(
          new Ingress.Rule(host, new Ingress.Http(List.of(Ingress.Path.everything(name, http.target()))))))));
    }

    private static List<KubeService.Port> internalPorts(List<ContainerPort> ports) {
      return ports.stream()
          .map(p -> new KubeService.Port(portName(p.protocol(), p.containerPort()), p.containerPort(),
              p.containerPort(), p.protocol(), null))
          .toList();
    }

    private static String portName(String protocol, int port) {
      return protocol.toLowerCase(java.util.Locale.ROOT) + "-" + port;
    }

    /** depends_on: an init container per dependency that waits until the dependency's Service accepts connections. */
    private List<Container> initContainers(ServiceSpec svc) {
      List<Container> inits = new ArrayList<>();
      svc.dependsOn().forEach((dep, condition) -> {
        String path = "services." + svc.name() + ".depends_on." + dep;
        ServiceSpec target = stack.service(dep);
        if (target == null) {
          warnings.add(Consequence.ORDERING, path, "no such service in the stack; nothing to wait for");
          return;
        }
        if (condition.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY) {
          warnings.add(Consequence.ORDERING, path, "service_completed_successfully has no Kubernetes equivalent: " + dep
              + " runs as a Job and " + svc.name() + " starts without waiting for it");
          return;
        }
        List<ContainerPort> tcp = pods.containerPorts(target).stream()
            .filter(p -> "TCP".equals(p.protocol())).toList();
        if (tcp.isEmpty()) {
          warnings.add(Consequence.ORDERING, path, dep + " has no TCP port (ports or expose) to wait for; " + svc.name()
              + " starts without waiting for it");
          return;
        }
        String host = k8sName(dep);
        int port = tcp.get(0).containerPort();
        // A ClusterIP only accepts connections once a pod behind it is ready, so this also covers service_healthy.
        inits.add(Container.simple(KubernetesNames.derived("wait-for", host), WAIT_IMAGE, List.of("sh", "-c",
            "until nc -z " + host + " " + port + "; do echo waiting for " + host + "; sleep 1; done")));
      });
      return inits;
    }

    /** A long-running service of several replicas (or autoscaled): its named volumes become per-replica claims. */
    private boolean replicated(ServiceSpec svc) {
      Autoscale scaled = svc.orch().autoscale();
      return svc.restartPolicy().condition() == RestartPolicy.Condition.ANY
          && (svc.replicas() >= 2 || scaled != null && scaled.max() >= 2);
    }

    private void mapVolumes(ServiceSpec svc, List<Volume> volumes, List<VolumeMount> mounts,
        List<StatefulSet.ClaimTemplate> claimTemplates) {
      for (int i = 0; i < svc.volumes().size(); i++) {
        MountSpec m = svc.volumes().get(i);
        String path = "services." + svc.name() + ".volumes[" + i + "]";
        String volName;
        switch (m.type()) {
          case VOLUME -> {
            if (m.source() == null) {
              volName = "anon-" + i;
              volumes.add(Volume.emptyDir(volName, null, null));
              warnings.add(Consequence.DATA, path, "anonymous volume at " + m.target()
                  + " becomes an emptyDir: its content is lost when the pod is replaced");
            } else {
              VolumeSpec vol = stack.volumes().getOrDefault(m.source(), VolumeSpec.local(m.source()));
              volName = volumeNames.name("volumes." + m.source(), m.source());
              String claimName = volName;
              if (vol.external()) {
                String ext = vol.externalName() != null ? vol.externalName() : vol.name();
                claimName = KubernetesNames.sanitize(ext, KubernetesNames.MAX);
                warnings.add(Consequence.DATA,
                    "volumes." + m.source(), "external volume: a PersistentVolumeClaim \"" + claimName
                    + "\" must already exist");
              } else if (replicated(svc)) {
                // Each replica gets its own claim: in Compose they all share the one volume.
                templated.add(m.source());
                if (claimTemplates.stream().noneMatch(t -> t.metadata().name().equals(volName))) {
                  warnings.add(Consequence.DATA, "volumes." + m.source(), "no size in the stack; the claim requests "
                      + DEFAULT_VOLUME_SIZE);
                  claimTemplates.add(new StatefulSet.ClaimTemplate(new ObjectMeta(volName, null,
                      Map.of(PART_OF_LABEL, partOf(), MANAGED_BY_LABEL, "orch")), claimSpec(m.source())));
                  warnings.add(Consequence.DATA,
                      path, "services with several replicas become a StatefulSet: each replica gets its own"
                      + " claim " + volName + "-" + k8sName(svc.name()) + "-<n> of volume " + m.source()
                      + " (in Compose the replicas share one volume)");
                }
                mounts.add(new VolumeMount(volName, m.target(), m.readOnly() ? Boolean.TRUE : null));
                continue;
              } else if (claimed.add(m.source())) {
                out.add(claim(m.source()));
              }
              volumes.add(Volume.claim(volName, claimName));
            }
          }
          case BIND -> {
            volName = "bind-" + i;
            volumes.add(Volume.hostPath(volName, m.source()));
            if (DOCKER_SOCKETS.contains(m.source())) {
              warnings.add(Consequence.DATA,
                  path, "bind mount of the Docker Engine's socket " + m.source() + " becomes a hostPath,"
                  + " but Kubernetes nodes run containerd or CRI-O, not dockerd: this service cannot work as"
                  + " exported (it needs an engine API; give it the Kubernetes API through a ServiceAccount instead)");
            } else {
              warnings.add(Consequence.DATA, path, "bind mount of " + m.source()
                  + " becomes a hostPath: the path must exist on whichever node runs the pod; prefer a volume,"
                  + " a ConfigMap or an image that contains the files");
            }
          }
          case TMPFS -> {
            volName = "tmpfs-" + i;
            volumes.add(Volume.emptyDir(volName, "Memory",
                m.tmpfsSizeBytes() == null ? null : Quantities.bytes(m.tmpfsSizeBytes())));
          }
          default -> throw new IllegalStateException("unknown mount type " + m.type());
        }
        mounts.add(new VolumeMount(volName, m.target(), m.readOnly() ? Boolean.TRUE : null));
      }
      // Pod volume names must be unique: a named volume mounted twice is declared once.
      Map<String, Volume> byName = new LinkedHashMap<>();
      volumes.forEach(v -> byName.putIfAbsent(v.name(), v));
      volumes.clear();
      volumes.addAll(byName.values());
    }

    /**
     * Compose secrets and configs: each top-level one becomes a Secret or ConfigMap (emitted before its first user),
     * and each use a volume of that one key mounted as a single file (subPath) at Compose's path, with its mode.
     */
    private void mapFileMounts(ServiceSpec svc, List<Volume> volumes, List<VolumeMount> mounts) {
      for (FileMount.Kind kind : FileMount.Kind.values()) {
        boolean secret = kind == FileMount.Kind.SECRET;
        List<FileMount> list = secret ? svc.secrets() : svc.configs();
        for (int i = 0; i < list.size(); i++) {
          FileMount m = list.get(i);
          String key = fileKey(m.source());
          String object = fileObject(m, key);
          String volName = (secret ? "secret-" : "config-") + i;
          volumes.add(secret ? Volume.secret(volName, object, key, m.modeOrDefault())
              : Volume.configMap(volName, object, key, m.modeOrDefault()));
          mounts.add(new VolumeMount(volName, m.target(), key, Boolean.TRUE));
          if (m.uid() != null || m.gid() != null) {
            warnings.add(Consequence.DATA,
                "services." + svc.name() + (secret ? ".secrets[" : ".configs[") + i + "]", "uid and gid"
                + " have no equivalent: Kubernetes mounts the file as root with mode "
                + Integer.toOctalString(m.modeOrDefault()) + "; give the pod a securityContext.fsGroup for group"
                + " access");
          }
        }
      }
    }

    /** A valid Secret/ConfigMap key ([-._a-zA-Z0-9]+) from a Compose name; also the file's name in the volume. */
    private static String fileKey(String source) {
      String key = source.replaceAll("[^-._a-zA-Z0-9]", "-");
      return key.isEmpty() || key.equals(".") || key.equals("..") ? "content" : key;
    }

    private String fileObject(FileMount m, String key) {
      boolean secret = m.kind() == FileMount.Kind.SECRET;
      String id = (secret ? "secret:" : "config:") + m.source();
      String existing = fileObjects.get(id);
      if (existing != null) {
        return existing;
      }
      String path = (secret ? "secrets." : "configs.") + m.source();
      String name = (secret ? secretNames : configMapNames).name(path, m.source());
      fileObjects.put(id, name);
      ObjectMeta meta = meta(name, Map.of(PART_OF_LABEL, partOf(), MANAGED_BY_LABEL, "orch"));
      FileSource from = m.from();
      byte[] bytes;
      if (from.content() != null) {
        bytes = from.content().getBytes(StandardCharsets.UTF_8);
      } else {
        bytes = options.files().read(from.file()).orElse(null);
        if (bytes == null) {
          bytes = new byte[0];
          warnings.add(Consequence.DATA,
              path, "file " + from.file() + " could not be read here: the " + (secret ? "Secret" : "ConfigMap")
              + " \"" + name + "\" is exported with an empty \"" + key + "\"; fill it before applying (kubectl create "
              + (secret ? "secret generic " : "configmap ") + name + " --from-file=" + key + "=" + from.file()
              + " --dry-run=client -o yaml)");
        }
      }
      if (bytes.length > MAX_OBJECT_BYTES) {
        warnings.add(Consequence.DATA,
            path, bytes.length + " bytes: Kubernetes refuses a Secret or ConfigMap over 1MiB; mount it"
            + " from a volume instead");
      }
      if (secret) {
        warnings.add(Consequence.DATA,
            path, "the Secret \"" + name + "\" holds the secret itself (base64 is not encryption): keep the"
            + " output out of version control, or replace the Secret with your secret store's");
        out.add(new Secret(meta, "Opaque", Map.of(key, Base64.getEncoder().encodeToString(bytes)), null));
      } else {
        String text = utf8(bytes);
        out.add(text != null ? new ConfigMap(meta, Map.of(key, text), null)
            : new ConfigMap(meta, null, Map.of(key, Base64.getEncoder().encodeToString(bytes))));
      }
      return name;
    }

    private static String utf8(byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    }

    private PersistentVolumeClaim claim(String volume) {
      VolumeSpec vol = stack.volumes().getOrDefault(volume, VolumeSpec.local(volume));
      String name = volumeNames.name("volumes." + volume, volume);
      warnings.add(Consequence.DATA,
          "volumes." + volume, "no size in the stack; the claim requests " + DEFAULT_VOLUME_SIZE);
      if (!"local".equals(vol.driver()) || !vol.driverOpts().isEmpty()) {
        warnings.add(Consequence.DATA, "volumes." + volume, "driver and driver_opts have no claim equivalent; choose a"
            + " storageClassName instead");
      }
      return new PersistentVolumeClaim(meta(name, Map.of(PART_OF_LABEL, partOf(), MANAGED_BY_LABEL, "orch")),
          claimSpec(volume));
    }

    private PersistentVolumeClaim.Spec claimSpec(String volume) {
      return new PersistentVolumeClaim.Spec(List.of("ReadWriteOnce"),
          new PersistentVolumeClaim.Resources(Map.of("storage", DEFAULT_VOLUME_SIZE)));
    }

    /**
     * A ReadWriteOnce claim binds to one node: several pods on it is a warning. A replicated service claims per
     * replica instead (StatefulSet), so another service that mounts the same volume no longer shares its data.
     */
    private void warnSharedVolumes() {
      Map<String, List<ServiceSpec>> users = new TreeMap<>();
      for (ServiceSpec svc : stack.services().values()) {
        svc.volumes().stream()
            .filter(m -> m.type() == MountSpec.Type.VOLUME && m.source() != null)
            .map(MountSpec::source).distinct()
            .forEach(v -> users.computeIfAbsent(v, k -> new ArrayList<>()).add(svc));
      }
      users.forEach((vol, services) -> {
        if (stack.volumes().containsKey(vol) && stack.volumes().get(vol).external()) {
          if (services.size() > 1 || services.stream().anyMatch(s -> s.replicas() > 1)) {
            warnings.add(Consequence.DATA,
                "volumes." + vol, "mounted by several pods: a ReadWriteOnce claim binds to one node;"
                + " use a ReadWriteMany storage class or keep those pods together");
          }
          return;
        }
        List<String> perReplica = services.stream().filter(this::replicated).map(ServiceSpec::name).toList();
        long sharedPods = services.stream().filter(s -> !replicated(s)).count();
        if (sharedPods > 1) {
          warnings.add(Consequence.DATA,
              "volumes." + vol, "mounted by several pods: a ReadWriteOnce claim binds to one node;"
              + " use a ReadWriteMany storage class or keep those pods together");
        }
        if (!perReplica.isEmpty() && services.size() > 1) {
          List<String> others = services.stream().map(ServiceSpec::name).filter(n -> !perReplica.contains(n))
              .toList();
          warnings.add(Consequence.DATA,
              "volumes." + vol, "no longer shared: " + String.join(", ", perReplica) + " claim"
              + (perReplica.size() == 1 ? "s" : "") + " it per replica (StatefulSet)"
              + (others.isEmpty() ? "" : " while " + String.join(", ", others) + " mount" + (others.size() == 1
              ? "s" : "") + " claim " + vol) + ", so each sees data of its own; use a ReadWriteMany volume"
              + " mounted by every pod if they must share");
        }
      });
    }

    /** One policy per network: its member pods accept traffic from member pods only. */
    private List<NetworkPolicy> networkPolicies() {
      Map<String, List<String>> members = new TreeMap<>();
      for (ServiceSpec svc : stack.services().values()) {
        serviceNetworks(svc).forEach(net -> members.computeIfAbsent(net, n -> new ArrayList<>()).add(svc.name()));
      }
      List<NetworkPolicy> policies = new ArrayList<>();
      members.forEach((net, services) -> {
        NetworkSpec spec = stack.networks().get(net);
        if (spec != null && spec.external()) {
          warnings.add(Consequence.REACHABILITY,
              "networks." + net, "external network: pods outside this stack are not members, so the"
              + " policy lets in only this stack's services");
        }
        if (spec != null && spec.internal()) {
          warnings.add(Consequence.REACHABILITY,
              "networks." + net, "internal: egress to the outside is not restricted (add an egress"
              + " NetworkPolicy if it matters)");
        }
        Map<String, String> member = Map.of(networkLabel(net), "true");
        policies.add(new NetworkPolicy(meta(KubernetesNames.derived(networkNames.name("networks." + net, net),
            "network"), Map.of(PART_OF_LABEL, partOf(), MANAGED_BY_LABEL, "orch")),
            new NetworkPolicy.Spec(new LabelSelector(member), List.of("Ingress"),
                List.of(new NetworkPolicy.IngressRule(
                    List.of(new NetworkPolicy.Peer(new LabelSelector(member))), null)))));
      });
      // Published ports are meant to be reached from outside the stack's networks.
      for (ServiceSpec svc : stack.services().values()) {
        if (svc.ports().isEmpty() || serviceNetworks(svc).isEmpty()) {
          continue;
        }
        String name = k8sName(svc.name());
        List<NetworkPolicy.Port> ports = svc.ports().stream()
            .map(p -> new NetworkPolicy.Port(PodMapper.protocol(p.protocol()), p.target())).distinct().toList();
        policies.add(new NetworkPolicy(meta(KubernetesNames.derived(name, "published"), baseLabels(name)),
            new NetworkPolicy.Spec(new LabelSelector(selector(name)), List.of("Ingress"),
                List.of(new NetworkPolicy.IngressRule(null, ports)))));
      }
      return policies;
    }

    /** The stack networks a service joins; Compose puts a service without networks on "default". */
    private Set<String> serviceNetworks(ServiceSpec svc) {
      if (!svc.usesStackNetworks() && !"bridge".equals(svc.networkMode())) {
        return Set.of();
      }
      return svc.networks().isEmpty() ? Set.of(DEFAULT_NETWORK) : new TreeSet<>(svc.networks().keySet());
    }

    private Map<String, String> networkLabels(ServiceSpec svc) {
      Map<String, String> labels = new TreeMap<>();
      serviceNetworks(svc).forEach(net -> labels.put(networkLabel(net), "true"));
      return labels;
    }

    private String networkLabel(String net) {
      return NETWORK_LABEL_PREFIX + networkNames.name("networks." + net, net);
    }

    private void warnUnmapped(ServiceSpec svc, boolean oneShot) {
      String path = "services." + svc.name();
      if (svc.stopSignal() != null) {
        warnings.add(Consequence.RESTARTS,
            path + ".stop_signal", "Kubernetes 1.32 always sends SIGTERM; make the image's STOPSIGNAL "
            + svc.stopSignal() + " or handle SIGTERM");
      }
      if (Boolean.TRUE.equals(svc.init())) {
        warnings.add(Consequence.RESTARTS,
            path + ".init", "no init process injection in Kubernetes; add tini to the image");
      }
      if (svc.networkMode() != null && !"bridge".equals(svc.networkMode())) {
        warnings.add(Consequence.REACHABILITY, path + ".network_mode", "host".equals(svc.networkMode())
            ? "host becomes hostNetwork: true (the pod shares its node's network)"
            : "none".equals(svc.networkMode())
            ? "none has no Kubernetes equivalent: the pod gets the cluster network (add a deny-all NetworkPolicy)"
            : svc.networkMode() + " has no Kubernetes equivalent: this pod gets a network of its own, so what it"
                + " reached on localhost of " + svc.networkMode().replaceFirst("^[a-z]+:", "") + " it no longer"
                + " reaches (containers that share a network must run in one pod)");
      }
      if (svc.ipc() != null || svc.pid() != null || !svc.volumesFrom().isEmpty()) {
        warnings.add(Consequence.OTHER,
            path, "ipc, pid and volumes_from have no Kubernetes equivalent outside one pod");
      }
      RestartPolicy rp = svc.restartPolicy();
      if (!rp.delay().isZero() || rp.window() != null || (!oneShot && rp.maxAttempts() != null)) {
        warnings.add(Consequence.RESTARTS,
            path + ".deploy.restart_policy", "delay, window and max_attempts of a long-running service"
            + " have no equivalent: the kubelet restarts with its own backoff (10s doubling to 5m)");
      }
      if (!svc.orch().backoff().equals(OrchOptions.Backoff.DEFAULT)) {
        warnings.add(Consequence.RESTARTS,
            path + ".x-orch.backoff", "the kubelet's restart backoff is fixed (10s doubling to 5m)");
      }
      if (oneShot) {
        warnings.add(Consequence.RESTARTS, path + ".restart", "restart " + svc.restartPolicy().condition().yaml()
            + " makes it a Job that runs to completion; for a long-running service use restart: always");
      }
      UpdateConfig uc = svc.updateConfig();
      if (oneShot) {
        if (!uc.equals(UpdateConfig.DEFAULT)) {
          warnings.add(Consequence.ORDERING,
              path + ".deploy.update_config", "a Job is not rolled out; update_config does not apply");
        }
      } else {
        if (uc.delay() != null && !uc.delay().isZero()) {
          warnings.add(Consequence.ORDERING,
              path + ".deploy.update_config.delay", "no pause between batches in a RollingUpdate");
        }
        if (uc.failureAction() != UpdateConfig.FailureAction.PAUSE) {
          warnings.add(Consequence.ORDERING, path + ".deploy.update_config.failure_action", uc.failureAction().yaml()
              + " has no equivalent: a failing rollout stops at progressDeadlineSeconds; roll back with"
              + " kubectl rollout undo");
        }
        if (uc.maxFailureRatio() > 0) {
          warnings.add(Consequence.ORDERING,
              path + ".deploy.update_config.max_failure_ratio", "no equivalent in a RollingUpdate");
        }
      }
      if (!svc.rollbackConfig().equals(UpdateConfig.DEFAULT)) {
        warnings.add(Consequence.ORDERING,
            path + ".deploy.rollback_config", "kubectl rollout undo uses the Deployment's strategy;"
            + " rollback_config does not apply");
      }
      if (svc.hostname() != null
          && !svc.hostname().equals(KubernetesNames.sanitize(svc.hostname(), KubernetesNames.MAX))) {
        warnings.add(Consequence.REACHABILITY, path + ".hostname", "changed to \""
            + KubernetesNames.sanitize(svc.hostname(), KubernetesNames.MAX) + "\" (a DNS-1123 label)");
      }
      if (svc.replicas() > 1 && svc.volumes().stream().anyMatch(m -> m.type() == MountSpec.Type.BIND)) {
        warnings.add(Consequence.DATA, path + ".volumes", "replicas on several nodes see different hostPath contents");
      }
    }

    /** Compose labels go on the workload and the pod: as labels when Kubernetes allows, else as annotations. */
    private ObjectMeta userLabelled(ServiceSpec svc, String name, Map<String, String> base, boolean warn) {
      Map<String, String> labels = new TreeMap<>(base);
      Map<String, String> annotations = new TreeMap<>();
      svc.labels().forEach((k, v) -> {
        String value = v == null ? "" : v;
        String path = "services." + svc.name() + ".labels." + k;
        if (!LabelRules.validKey(k)) {
          if (warn) {
            warnings.add(Consequence.OTHER, path, "not a valid Kubernetes label or annotation key; left out");
          }
        } else if (LabelRules.validLabelValue(value)) {
          labels.put(k, value);
        } else {
          annotations.put(k, value);
          if (warn) {
            warnings.add(Consequence.OTHER, path, "value is not a valid label value; kept as an annotation");
          }
        }
      });
      return new ObjectMeta(name, name == null ? null : options.namespace(), labels, annotations);
    }

    private ObjectMeta meta(String name, Map<String, String> labels) {
      return new ObjectMeta(name, options.namespace(), labels);
    }

    private Map<String, String> selector(String name) {
      return Map.of(NAME_LABEL, name, PART_OF_LABEL, partOf());
    }

    private Map<String, String> baseLabels(String name) {
      return Map.of(NAME_LABEL, name, PART_OF_LABEL, partOf(), MANAGED_BY_LABEL, "orch");
    }

    private String partOf() {
      return partOfLabel(stack.name());
    }
  }

  /** The app.kubernetes.io/part-of value every object of a stack carries. */
  static String partOfLabel(String stackName) {
    String s = stackName == null ? "stack" : stackName;
    return LabelRules.validLabelValue(s) ? s : KubernetesNames.sanitize(s, KubernetesNames.MAX);
  }

}
