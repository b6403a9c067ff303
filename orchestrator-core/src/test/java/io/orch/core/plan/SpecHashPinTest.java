package io.orch.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.Stack;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins the {@code io.orch.spec-hash} of real services as literals. Every container orch ever created carries this
 * label; the planner replaces a container whose label differs from the hash of its service. So if a refactor, a new
 * field or a library upgrade changes one of these values, upgrading orch replaces every running container of every
 * user. Never update a literal here to make a test pass: make the change keep the hash instead.
 */
class SpecHashPinTest {
  private static Stack load(String yaml) {
    LoadResult r = new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
    assertThat(r.errors()).as("errors").isEmpty();
    return r.stack();
  }

  private static String hash(Stack stack, String service) {
    return EngineSpecs.hashOf(stack, stack.service(service));
  }

  static final String MINIMAL = """
      services:
        web:
          image: busybox:1.36
      """;

  /** Most keys a service can carry, each away from its default. */
  static final String MANY_KEYS = """
      services:
        web:
          image: busybox:1.36
          command: ["httpd", "-f", "-p", "8080"]
          entrypoint: ["/bin/sh", "-c"]
          environment: {A: "1", B: "two", EMPTY: ""}
          labels: {team: shop, tier: front}
          user: "1000:1000"
          working_dir: /srv
          hostname: web-host
          ports: ["8080:80", "127.0.0.1:9090:90/udp", "7000-7001:70"]
          expose: ["3000", "4000/udp"]
          volumes:
            - data:/data
            - /srv/site:/site:ro
            - type: tmpfs
              target: /cache
              tmpfs: {size: 1m, mode: 0o1777}
          networks:
            front:
              aliases: [www]
              ipv4_address: 172.28.5.10
            back: {}
          healthcheck:
            test: ["CMD", "true"]
            interval: 5s
            timeout: 2s
            retries: 4
            start_period: 10s
          deploy:
            resources:
              limits: {cpus: "0.5", memory: 64m, pids: 100}
            restart_policy: {condition: on-failure, max_attempts: 3}
          cap_add: [NET_ADMIN]
          cap_drop: [MKNOD]
          read_only: false
          init: true
          privileged: true
          stop_signal: SIGUSR1
          stop_grace_period: 20s
          configs:
            - source: motd
              target: /etc/motd
              mode: 0o444
          ipc: shareable
          pid: host
          ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
          sysctls: {net.core.somaxconn: "1024"}
          security_opt: ["no-new-privileges:true"]
          extra_hosts: ["db.local:10.0.0.5"]
          dns: [1.1.1.1]
          dns_search: [example.com]
          dns_opt: [use-vc]
          shm_size: 64m
          stdin_open: true
          tty: true
          logging: {driver: json-file, options: {max-size: 1m}}
          group_add: [mail]
          oom_score_adj: 100
          cgroup_parent: orch-pin
          domainname: example.com
          cpu_shares: 512
          cpuset: "0"
          mem_reservation: 32m
          memswap_limit: 128m
        side:
          image: busybox:1.36
          volumes_from: [web]
          ipc: "service:web"
          read_only: true
      networks:
        front:
          ipam:
            config: [{subnet: 172.28.0.0/16}]
        back: {}
      volumes:
        data: {}
      configs:
        motd:
          content: "hello"
      """;

  static final String REPLICATED_PUBLISHED = """
      services:
        web:
          image: busybox:1.36
          deploy: {replicas: 3}
          ports: ["8080:80"]
      """;

  static final String HOST_NETWORK = """
      services:
        web:
          image: busybox:1.36
          network_mode: host
          dns: [9.9.9.9]
      """;

  @Test
  void aMinimalServiceKeepsItsHash() {
    assertThat(hash(load(MINIMAL), "web"))
        .isEqualTo("4d47af856551934cdd6fe8103e8eb832f479ee4147a9cb591c53f6d11dbbdcb0");
  }

  @Test
  void aServiceUsingManyKeysKeepsItsHash() {
    Stack stack = load(MANY_KEYS);
    assertThat(hash(stack, "web"))
        .isEqualTo("0d2acc1266664c4c35b20ddd344aadde0464e16fc03ef0daa0680b135fa2b172");
    assertThat(hash(stack, "side"))
        .isEqualTo("f2c68b25fd8b67e57023760333f973f52f6a938ed8569a6353a99f69e3b226d9");
  }

  @Test
  void aReplicatedServiceWithPublishedPortsKeepsItsHash() {
    assertThat(hash(load(REPLICATED_PUBLISHED), "web"))
        .isEqualTo("83d959d0ffb486c9618c56131cd05945b08434a8d7cf40d5d255af0f208947a9");
  }

  @Test
  void aHostNetworkServiceWithHostOptionsKeepsItsHash() {
    assertThat(hash(load(HOST_NETWORK), "web"))
        .isEqualTo("20039804896d997c7409c50ef59f17e0c1474f4cd762fe6573f4a53908e3a9d1");
  }
}
