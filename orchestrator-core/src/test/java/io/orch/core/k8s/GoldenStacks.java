package io.orch.core.k8s;

import static io.orch.core.testkit.ServiceBuilder.service;

import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import io.orch.core.testkit.Stacks;
import java.time.Duration;
import java.util.List;

/** The stacks whose full Kubernetes output is kept as golden files. */
final class GoldenStacks {
  private GoldenStacks() {}

  /** A web front end and a database on two networks, with health checks, limits, a secret and a volume. */
  static Stack webDb() {
    return Stacks.of("shop",
        List.of(NetworkSpec.bridge("front"), NetworkSpec.bridge("back")),
        List.of(VolumeSpec.local("pgdata")),
        service("web", "nginx:1.27")
            .port(8080, 80)
            .network("front").network("back")
            .env("API_TOKEN", "t0ps3cret").env("LOG_LEVEL", "info").env("GREETING", "cost $(not expanded)")
            .healthcheck(new HealthCheck(List.of("CMD", "wget", "-q", "-O-", "http://localhost/"),
                Duration.ofSeconds(10), Duration.ofSeconds(3), 5, Duration.ofSeconds(30), null))
            .limits(0.5, 256L * 1024 * 1024)
            .user("101:101").readOnly().capDrop("ALL").capAdd("CAP_NET_BIND_SERVICE")
            .tmpfs("/var/cache/nginx", 64L * 1024 * 1024)
            .dependsOn("db", new Dependency(Dependency.Condition.SERVICE_HEALTHY, true))
            .replicas(3)
            .updateConfig(new UpdateConfig(2, Duration.ZERO, UpdateConfig.FailureAction.PAUSE,
                Duration.ofSeconds(10), 0, UpdateConfig.Order.START_FIRST))
            .stopGracePeriod(Duration.ofSeconds(20))
            .label("com.example.team", "storefront")
            .build(),
        service("db", "postgres:16.4")
            .expose("5432")
            .network("back")
            .env("POSTGRES_PASSWORD", "example").env("POSTGRES_DB", "shop")
            .named("pgdata", "/var/lib/postgresql/data")
            .healthcheck("CMD-SHELL", "pg_isready -U postgres")
            .resources(new Resources(1.0, 1024L * 1024 * 1024, null, 0.25, 512L * 1024 * 1024))
            .user("999")
            .build());
  }

  /**
   * x-orch.autoscale three ways: every knob with reservations, the defaults against limits only (the container
   * requests its limits), and a one-shot service that cannot be autoscaled in Kubernetes (a warning).
   */
  static Stack autoscaled() {
    io.orch.core.load.LoadResult r = new io.orch.core.load.StackLoader(java.util.Map.of()).loadText("""
        services:
          api:
            image: ghcr.io/example/api:2.1
            ports: ["8080:8080"]
            deploy:
              replicas: 2
              resources:
                reservations: {cpus: "0.5", memory: 256m}
                limits: {cpus: "1", memory: 512m}
            x-orch:
              autoscale:
                min: 1
                max: 8
                cpu: 70%
                memory: 80%
                scale_up: {stabilization: 0s, max_step: 4, period: 15s}
                scale_down: {stabilization: 5m, max_step: 1, period: 60s}
          worker:
            image: ghcr.io/example/worker:2.1
            cpus: 2
            x-orch: {autoscale: {min: 2, max: 6, cpu: 60%}}
          report:
            image: ghcr.io/example/report:2.1
            restart: "no"
            mem_limit: 128m
            x-orch: {autoscale: {max: 3, memory: 90%}}
        """, "compose.yaml", null, "elastic", java.util.Set.of());
    if (!r.ok()) {
      throw new IllegalStateException("the autoscaled golden stack does not load: " + r.diagnostics());
    }
    return r.stack();
  }

  /** Things Kubernetes cannot express exactly: each must show up as a warning, none silently dropped. */
  static Stack awkward() {
    return Stacks.of("Ops_Tools",
        List.of(NetworkSpec.bridge("default")),
        List.of(),
        service("db_migrate", "flyway/flyway:10")
            .command("migrate")
            .restart(RestartPolicy.Condition.NONE)
            .dependsOn("cache")
            .build(),
        service("Docker_Agent", "portainer/agent")
            .networkMode("host")
            .bind("/var/run/docker.sock", "/var/run/docker.sock")
            .volume(new io.orch.core.model.MountSpec(io.orch.core.model.MountSpec.Type.VOLUME, null, "/scratch",
                false, null))
            .privileged()
            .stopSignal("SIGQUIT")
            .init()
            .user("agent")
            .pids(64L)
            .label("com.example.description", "Talks to the Docker socket")
            .restart(new RestartPolicy(RestartPolicy.Condition.ANY, Duration.ofSeconds(5), 3, null))
            .build(),
        service("cache", "redis:7.4")
            .port(new PortSpec("127.0.0.1", 6379, 6379, "tcp"))
            .healthcheck(new HealthCheck(List.of("CMD", "redis-cli", "ping"), Duration.ofMillis(1500), null,
                null, null, null))
            .orch(new OrchOptions(OrchOptions.OnUnhealthy.IGNORE, null, true))
            .hostname("Cache_Host")
            .network("default", "redis")
            .build());
  }

  /** A published UDP and TCP service exposed through a LoadBalancer in a namespace, plus a retrying job. */
  static Stack dns() {
    return Stacks.of("edge",
        service("resolver", "coredns/coredns:1.11.3")
            .port(new PortSpec(null, 53, 53, "udp"))
            .port(new PortSpec(null, 53, 53, "tcp"))
            .port(new PortSpec(null, 30053, 8080, "tcp"))
            .command("-conf", "/etc/coredns/Corefile")
            .bind("/srv/coredns", "/etc/coredns")
            .workingDir("/")
            .build(),
        service("warmup", "busybox:1.36")
            .entrypoint("sh", "-c")
            .command("nslookup example.org resolver")
            .restart(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 4, null))
            .replicas(2)
            .dependsOn("resolver")
            .build());
  }
}
