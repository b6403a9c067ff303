package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NameRule;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PortSpec;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.Resources;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLoaderTest {
  static final Map<String, String> ENV = Map.of("HOME", "/home/me", "TAG", "1.27", "PORT", "8080");

  static LoadResult load(String yaml) {
    return load(yaml, ENV, Set.of());
  }

  static LoadResult load(String yaml, Map<String, String> env, Set<String> profiles) {
    return new StackLoader(env).loadText(yaml, "stack.yml", null, "demo", profiles);
  }

  static Stack ok(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.errors()).as("errors").isEmpty();
    assertThat(r.ok()).isTrue();
    return r.stack();
  }

  static List<String> messages(LoadResult r) {
    return r.diagnostics().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void loadsAMinimalServiceWithDefaults() {
    Stack stack = ok("services:\n  web:\n    image: nginx\n");
    assertThat(stack.name()).isEqualTo("demo");
    ServiceSpec web = stack.service("web");
    assertThat(web.image()).isEqualTo("nginx");
    assertThat(web.replicas()).isEqualTo(1);
    assertThat(web.restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(web.pullPolicy()).isEqualTo(PullPolicy.MISSING);
    assertThat(web.networks()).containsOnlyKeys("default");
    assertThat(stack.networks()).containsExactly(Map.entry("default", NetworkSpec.bridge("default")));
  }

  @Test
  void readsEveryServiceKey() {
    Stack stack = ok("""
        name: shop
        services:
          web:
            image: nginx:${TAG}
            pull_policy: if_not_present
            command: nginx -g 'daemon off;'
            entrypoint: ["/docker-entrypoint.sh"]
            environment:
              A: "1"
              B:
              HOME:
            ports: ["127.0.0.1:${PORT}:80/udp", "443"]
            expose: [3000, "3001"]
            volumes:
              - data:/var/lib/data:ro
              - /abs:/abs
              - ~/cfg:/cfg
              - /anon
            tmpfs: /run:size=64m
            networks:
              front:
                aliases: [www]
              back:
            healthcheck:
              test: curl -f http://localhost
              interval: 1m30s
              timeout: 5s
              retries: 3
              start_period: 500ms
              start_interval: 1.5s
            depends_on:
              db:
                condition: service_healthy
              cache:
                condition: service_completed_successfully
                required: false
            labels: ["team=web", "tier"]
            user: "1000:1000"
            working_dir: /app
            hostname: web1
            stop_signal: SIGQUIT
            stop_grace_period: 20s
            read_only: true
            cap_add: [NET_ADMIN]
            cap_drop: [ALL]
            init: true
            privileged: false
            mem_limit: 512m
            cpus: 0.5
            pids_limit: 100
            x-orch:
              on_unhealthy: ignore
              backoff: {initial: 2s, max: 2m, reset_after: 1m}
              ingress: false
          db:
            image: postgres
            network_mode: host
          cache:
            image: redis
        networks:
          front: {}
          back:
            driver: overlay
            internal: true
            labels: {a: b}
            driver_opts: {mtu: 1400}
        volumes:
          data:
            driver_opts: {type: tmpfs}
        """);
    assertThat(stack.name()).isEqualTo("shop");
    ServiceSpec web = stack.service("web");
    assertThat(web.image()).isEqualTo("nginx:1.27");
    assertThat(web.pullPolicy()).isEqualTo(PullPolicy.MISSING);
    assertThat(web.command()).containsExactly("nginx", "-g", "daemon off;");
    assertThat(web.entrypoint()).containsExactly("/docker-entrypoint.sh");
    // B is unset: passed bare, as Compose does.
    assertThat(web.environment()).containsExactly(Map.entry("A", "1"), new java.util.AbstractMap.SimpleEntry<>("B",
        null), Map.entry("HOME", "/home/me"));
    assertThat(web.ports()).containsExactly(new PortSpec("127.0.0.1", 8080, 80, "udp"),
        new PortSpec(null, null, 443, "tcp"));
    assertThat(web.expose()).containsExactly("3000", "3001");
    assertThat(web.volumes()).containsExactly(
        new MountSpec(MountSpec.Type.VOLUME, "data", "/var/lib/data", true, null),
        new MountSpec(MountSpec.Type.BIND, "/abs", "/abs", false, null),
        new MountSpec(MountSpec.Type.BIND, "/home/me/cfg", "/cfg", false, null),
        new MountSpec(MountSpec.Type.VOLUME, null, "/anon", false, null),
        new MountSpec(MountSpec.Type.TMPFS, null, "/run", false, 64L * 1024 * 1024));
    assertThat(web.networks()).containsExactly(Map.entry("back", ServiceNetwork.PLAIN),
        Map.entry("front", new ServiceNetwork(List.of("www"))));
    assertThat(web.healthcheck()).isEqualTo(new HealthCheck(List.of("CMD-SHELL", "curl -f http://localhost"),
        Duration.ofSeconds(90), Duration.ofSeconds(5), 3, Duration.ofMillis(500), Duration.ofMillis(1500)));
    assertThat(web.dependsOn()).containsExactly(
        Map.entry("cache", new Dependency(Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY, false)),
        Map.entry("db", new Dependency(Dependency.Condition.SERVICE_HEALTHY, true)));
    assertThat(web.labels()).containsExactly(Map.entry("team", "web"), Map.entry("tier", ""));
    assertThat(web.user()).isEqualTo("1000:1000");
    assertThat(web.workingDir()).isEqualTo("/app");
    assertThat(web.hostname()).isEqualTo("web1");
    assertThat(web.stopSignal()).isEqualTo("SIGQUIT");
    assertThat(web.stopGracePeriod()).isEqualTo(Duration.ofSeconds(20));
    assertThat(web.readOnly()).isTrue();
    assertThat(web.capAdd()).containsExactly("NET_ADMIN");
    assertThat(web.capDrop()).containsExactly("ALL");
    assertThat(web.init()).isTrue();
    assertThat(web.privileged()).isFalse();
    assertThat(web.resources()).isEqualTo(new Resources(0.5, 512L * 1024 * 1024, 100L, null, null));
    assertThat(web.orch()).isEqualTo(new OrchOptions(OrchOptions.OnUnhealthy.IGNORE,
        new OrchOptions.Backoff(Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofMinutes(1)), false));
    ServiceSpec db = stack.service("db");
    assertThat(db.networkMode()).isEqualTo("host");
    assertThat(db.networks()).isEmpty();
    assertThat(stack.networks()).containsOnlyKeys("back", "default", "front"); // cache uses default
    assertThat(stack.networks().get("back")).isEqualTo(
        new NetworkSpec("back", "overlay", true, false, null, Map.of("a", "b"), Map.of("mtu", "1400")));
    assertThat(stack.volumes().get("data")).isEqualTo(
        new VolumeSpec("data", "local", false, null, null, Map.of("type", "tmpfs")));
  }

  @Test
  void readsDeploySection() {
    Stack stack = ok("""
        services:
          api:
            image: api
            restart: "no"
            mem_limit: 1g
            cpus: 2
            deploy:
              replicas: 3
              restart_policy: {condition: on-failure, delay: 5s, max_attempts: 4, window: 2m}
              update_config: {parallelism: 2, delay: 10s, failure_action: rollback, monitor: 30s,
                              max_failure_ratio: 0.25, order: start-first}
              rollback_config: {parallelism: 0, failure_action: continue}
              resources:
                limits: {cpus: "0.5", memory: 256M, pids: 50}
                reservations: {cpus: "0.25", memory: 128m}
        """);
    ServiceSpec api = stack.service("api");
    assertThat(api.replicas()).isEqualTo(3);
    assertThat(api.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE,
        Duration.ofSeconds(5), 4, Duration.ofMinutes(2)));
    assertThat(api.updateConfig()).isEqualTo(new UpdateConfig(2, Duration.ofSeconds(10),
        UpdateConfig.FailureAction.ROLLBACK, Duration.ofSeconds(30), 0.25, UpdateConfig.Order.START_FIRST));
    assertThat(api.rollbackConfig()).isEqualTo(new UpdateConfig(0, Duration.ZERO,
        UpdateConfig.FailureAction.CONTINUE, Duration.ofSeconds(5), 0.0, UpdateConfig.Order.STOP_FIRST));
    assertThat(api.resources()).isEqualTo(new Resources(0.5, 256L << 20, 50L, 0.25, 128L << 20));
  }

  @Test
  void mapsServiceLevelRestartValues() {
    Stack stack = ok("""
        services:
          a: {image: x, restart: on-failure:3}
          b: {image: x, restart: no}
          c: {image: x, restart: always}
          d: {image: x, restart: unless-stopped}
          e: {image: x, restart: on-failure}
        """);
    assertThat(stack.service("a").restartPolicy())
        .isEqualTo(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 3, null));
    assertThat(stack.service("b").restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.NONE);
    assertThat(stack.service("c").restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(stack.service("d").restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(stack.service("e").restartPolicy().maxAttempts()).isNull();
  }

  @Test
  void expandsPortRangesAndReadsLongSyntax() {
    Stack stack = ok("""
        services:
          web:
            image: x
            ports:
              - "8000-8001:80-81"
              - 9000-9001
              - "[::1]::53/udp"
              - target: 80
                published: "8080"
                host_ip: 0.0.0.0
                protocol: tcp
                mode: ingress
        """);
    assertThat(stack.service("web").ports()).containsExactly(
        new PortSpec(null, 8000, 80, "tcp"), new PortSpec(null, 8001, 81, "tcp"),
        new PortSpec(null, null, 9000, "tcp"), new PortSpec(null, null, 9001, "tcp"),
        new PortSpec("::1", null, 53, "udp"), new PortSpec("0.0.0.0", 8080, 80, "tcp"));
  }

  @Test
  void readsLongVolumeSyntaxAndWarnsAboutUnsupportedSubKeys() {
    LoadResult r = load("""
        services:
          web:
            image: x
            volumes:
              - type: volume
                source: data
                target: /data
                read_only: true
                volume: {nocopy: true}
              - type: bind
                source: /etc/app
                target: /etc/app
                bind: {propagation: rshared}
              - type: tmpfs
                target: /cache
                tmpfs: {size: 1g, mode: 1777}
        volumes:
          data:
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("web").volumes()).containsExactly(
        new MountSpec(MountSpec.Type.VOLUME, "data", "/data", true, null),
        new MountSpec(MountSpec.Type.BIND, "/etc/app", "/etc/app", false, null),
        new MountSpec(MountSpec.Type.TMPFS, null, "/cache", false, 1L << 30, 01777));
    assertThat(r.warnings()).extracting(Diagnostic::path).containsExactly(
        "services.web.volumes[0].volume.nocopy", "services.web.volumes[1].bind.propagation");
  }

  @Test
  void resolvesRelativeBindSourcesAgainstTheFileFolder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stack.yml");
    Files.writeString(file, "services:\n  web:\n    image: x\n    volumes: [\"./conf:/etc/conf\", \"../up:/up\"]\n");
    LoadResult r = new StackLoader(ENV).load(file, null, Set.of());
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().service("web").volumes()).extracting(MountSpec::source)
        .containsExactly(dir.resolve("conf").toString(), dir.getParent().resolve("up").toString());
  }

  @Test
  void environmentListFormTakesBareNamesFromTheEnvironment() {
    Stack stack = ok("services:\n  web:\n    image: x\n    environment: [\"A=1\", \"B=x=y\", HOME, ABSENT]\n");
    // ABSENT is unset: kept without a value (passed bare to the engine), as Compose does.
    assertThat(stack.service("web").environment()).containsExactly(Map.entry("A", "1"),
        new java.util.AbstractMap.SimpleEntry<>("ABSENT", null), Map.entry("B", "x=y"), Map.entry("HOME", "/home/me"));
  }

  @Test
  void healthcheckListFormsAndDisable() {
    Stack stack = ok("""
        services:
          a: {image: x, healthcheck: {test: ["CMD", "true"]}}
          b: {image: x, healthcheck: {test: ["CMD-SHELL", "exit 0"], retries: 2}}
          c: {image: x, healthcheck: {disable: true}}
          d: {image: x, healthcheck: {test: ["NONE"]}}
        """);
    assertThat(stack.service("a").healthcheck().test()).containsExactly("CMD", "true");
    assertThat(stack.service("b").healthcheck().retries()).isEqualTo(2);
    assertThat(stack.service("c").healthcheck().disabled()).isTrue();
    assertThat(stack.service("d").healthcheck().disabled()).isTrue();
  }

  @Test
  void deployRestartPolicyWinsOverRestartAndDeployLimitsOverServiceKeys() {
    Stack stack = ok("""
        services:
          web:
            image: x
            restart: always
            mem_limit: 1g
            pids_limit: 10
            deploy:
              restart_policy: {condition: none}
              resources: {limits: {memory: 2g}}
        """);
    ServiceSpec web = stack.service("web");
    assertThat(web.restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.NONE);
    assertThat(web.resources().memoryBytes()).isEqualTo(2L << 30);
    assertThat(web.resources().pids()).isEqualTo(10L);
  }

  @Test
  void reportsEveryErrorWithLineColumnPathAndHint() {
    LoadResult r = load("""
        services:
          web:
            image: x
            ports: ["70000:80", "abc"]
            restart: sometimes
            deploy:
              replicas: -1
            depends_on: [ghost]
            networks: [nowhere]
            volumes: ["undeclared:/data"]
            stop_grace_period: 10 seconds
            mem_limit: lots
            pull_policy: sometimes
          "bad name!":
            image: x
          nobuild:
            build: .
          noimage:
            command: ["true"]
        """);
    assertThat(r.stack()).isNull();
    assertThat(messages(r)).containsExactly(
        "stack.yml:4:13: error: services.web.ports[0]: port 70000 is out of range (hint: ports are 1..65535)",
        "stack.yml:4:25: error: services.web.ports[1]: invalid port \"abc\" (hint: " + PortParser.SHORT_FORM + ")",
        "stack.yml:5:14: error: services.web.restart: unknown restart value \"sometimes\" (hint: one of: no, always,"
            + " on-failure[:N], unless-stopped)",
        "stack.yml:7:17: error: services.web.deploy.replicas: must be between 0 and 2147483647, found -1 (hint: e.g."
            + " 2)",
        "stack.yml:8:18: error: services.web.depends_on: depends on ghost, but service ghost is not defined (hint:"
            + " define service ghost or remove it from depends_on; defined: [web, bad name!, nobuild, noimage])",
        "stack.yml:9:16: error: services.web.networks: service web refers to undefined network nowhere (hint:"
            + " declare it under the top-level networks: key)",
        "stack.yml:10:15: error: services.web.volumes[0]: service web refers to undefined volume undeclared (hint:"
            + " declare it under the top-level volumes: key, or use ./undeclared for a bind mount)",
        "stack.yml:11:24: error: services.web.stop_grace_period: invalid duration \"10 seconds\" (hint: "
            + Durations.ACCEPTED + ")",
        "stack.yml:12:16: error: services.web.mem_limit: invalid size \"lots\" (hint: " + Sizes.ACCEPTED + ")",
        "stack.yml:13:18: error: services.web.pull_policy: unknown value \"sometimes\" (hint: one of: always, never,"
            + " missing, if_not_present, build)",
        "stack.yml:14:3: error: services.bad name!: invalid service name \"bad name!\": holds the forbidden"
            + " character ' ' at index 3 (hint: " + NameRule.KEY.hint() + ")",
        "stack.yml:19:5: error: services.noimage: service noimage has no image (hint: add image: NAME[:TAG], or"
            + " build: ./folder to build it)");
  }

  @Test
  void reportsWrongTypesAtTheValue() {
    LoadResult r = load("""
        services:
          web:
            image: [nginx]
            environment: oops
            read_only: maybe
            cap_add: NET_ADMIN
            deploy: 3
        """);
    assertThat(messages(r)).containsExactly(
        "stack.yml:3:12: error: services.web.image: must be a string, found a list (hint: e.g. nginx:1.27)",
        "stack.yml:4:18: error: services.web.environment: must be a mapping or a list of KEY=VALUE, found \"oops\""
            + " (hint: e.g. environment: {LOG_LEVEL: debug})",
        "stack.yml:5:16: error: services.web.read_only: must be true or false, found \"maybe\" (hint: write true or"
            + " false)",
        "stack.yml:6:14: error: services.web.cap_add: must be a list, found \"NET_ADMIN\" (hint: e.g. cap_add:"
            + " [NET_ADMIN])",
        "stack.yml:7:13: error: services.deploy: must be a mapping, found \"3\" (hint: e.g. deploy: {replicas: 2})"
            .replace("services.deploy", "services.web.deploy"));
  }

  @Test
  void reportsDependencyCycles() {
    LoadResult r = load("""
        services:
          a: {image: x, depends_on: [b]}
          b: {image: x, depends_on: [c]}
          c: {image: x, depends_on: [a]}
        """);
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("dependency cycle: a -> b -> c -> a");
      assertThat(e.path()).isEqualTo("services.a.depends_on");
      assertThat(e.line()).isEqualTo(2);
    });
  }

  @Test
  void rejectsUnknownNetworkModes() {
    LoadResult r = load("""
        services:
          a: {image: x, network_mode: "service:b"}
          b: {image: x, network_mode: overlay}
        """);
    assertThat(messages(r)).containsExactly(
        "stack.yml:3:31: error: services.b.network_mode: unknown network_mode \"overlay\" (hint: one of: bridge, host,"
            + " none, service:NAME, container:NAME)");
  }

  @Test
  void warnsAboutEveryUnsupportedKeyButNotExtensions() {
    LoadResult r = load("""
        version: "3.8"
        x-common: &common {foo: bar}
        services:
          web:
            image: x
            container_name: web
            x-secrets: [token]
            isolation: default
            external_links: [db]
            x-anything: 1
            deploy:
              placement: {constraints: []}
        secrets:
          token: {file: ./t}
        configs: {}
        networks:
          n: {enable_ipv4: true, ipam: {config: []}}
        """);
    assertThat(r.ok()).isTrue();
    assertThat(r.warnings()).extracting(d -> d.line() + ":" + d.column() + " " + d.path() + " " + d.message())
        .containsExactly(
            "1:10 version the attribute version is obsolete, it will be ignored",
            "8:5 services.web.isolation unsupported key, ignored",
            "9:5 services.web.external_links unsupported key, ignored",
            "12:7 services.web.deploy.placement unsupported key, ignored",
            "17:7 networks.n.enable_ipv4 unsupported key, ignored");
  }

  @Test
  void suggestsTheKeyAMisspelledOneWasMeantToBe() {
    LoadResult r = load("""
        services:
          web:
            image: x
            comand: ["sleep", "1"]
            deploy:
              replica: 2
        """);
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(d -> d.path() + ": " + d.hint()).containsExactly(
        "services.web.comand: did you mean command?",
        "services.web.deploy.replica: did you mean replicas?");
  }

  @Test
  void warnsOnceAboutAnUnsetVariableAndFailsOnRequiredOnes() {
    LoadResult r = load("""
        services:
          web:
            image: nginx:${MISSING}
            environment:
              A: ${MISSING}
              B: ${DB_PASSWORD:?set DB_PASSWORD}
        """);
    assertThat(messages(r)).containsExactly(
        "stack.yml:3:12: warning: services.web.image: variable MISSING is not set, defaulting to a blank string"
            + " (hint: set MISSING in the environment or in .env, or write ${MISSING:-default})",
        "stack.yml:6:10: error: services.web.environment.B: required variable DB_PASSWORD is missing a value: set"
            + " DB_PASSWORD (hint: use $$ for a literal $; syntax: ${VAR}, ${VAR:-default}, ${VAR:?message})");
  }

  @Test
  void doesNotInterpolateKeys() {
    Stack stack = ok("services:\n  web:\n    image: x\n    labels:\n      $$weird: \"$$5\"\n");
    assertThat(stack.service("web").labels()).containsExactly(Map.entry("$$weird", "$5"));
  }

  @Test
  void readsDotEnvBesideTheFileAfterTheEnvironment(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".env"), "TAG=from-dotenv\nexport PORT='9090'\n# c\nONLY=dot\n");
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, "name: app\nservices:\n  web:\n    image: \"nginx:${TAG}\"\n"
        + "    ports: [\"${PORT}:80\"]\n    environment: [ONLY]\n");
    LoadResult r = new StackLoader(Map.of("TAG", "from-env")).load(file, null, Set.of());
    assertThat(r.errors()).isEmpty();
    ServiceSpec web = r.stack().service("web");
    assertThat(web.image()).isEqualTo("nginx:from-env");
    assertThat(web.ports()).containsExactly(new PortSpec(null, 9090, 80, "tcp"));
    assertThat(web.environment()).containsExactly(Map.entry("ONLY", "dot"));
  }

  @Test
  void readsEnvFilesBelowEnvironment(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.env"), "A=from-a\nB=from-a\nC=from-a\n");
    Files.writeString(dir.resolve("b.env"), "B=from-b\n");
    Path file = dir.resolve("stack.yml");
    Files.writeString(file, """
        services:
          one:
            image: x
            env_file: [a.env, b.env, {path: ./missing.env, required: false}]
            environment: {C: inline}
          two:
            image: x
            env_file: ./a.env
          three:
            image: x
            env_file: nope.env
        """);
    LoadResult r = new StackLoader(ENV).load(file, "p", Set.of());
    assertThat(r.stack()).isNull();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("services.three.env_file");
      assertThat(e.line()).isEqualTo(11);
      assertThat(e.message()).isEqualTo("env_file " + dir.resolve("nope.env") + " not found");
    });
    Files.writeString(dir.resolve("nope.env"), "");
    Stack stack = new StackLoader(ENV).load(file, "p", Set.of()).stack();
    assertThat(stack.service("one").environment())
        .containsExactly(Map.entry("A", "from-a"), Map.entry("B", "from-b"), Map.entry("C", "inline"));
    assertThat(stack.service("two").environment()).containsOnlyKeys("A", "B", "C");
  }

  @Test
  void selectsServicesByProfiles() {
    String yaml = """
        services:
          web: {image: x}
          debug: {image: x, profiles: [debug]}
          admin: {image: x, profiles: [admin, ops], depends_on: [debug]}
        """;
    assertThat(load(yaml, ENV, Set.of("debug")).stack().services()).containsOnlyKeys("web", "debug");
    assertThat(load(yaml, Map.of("COMPOSE_PROFILES", "ops, debug"), Set.of()).stack().services())
        .containsOnlyKeys("web", "debug", "admin");
    LoadResult missingDependency = load(yaml, ENV, Set.of("ops"));
    assertThat(messages(missingDependency)).containsExactly(
        "stack.yml:4:58: error: services.admin.depends_on: depends on debug, but service debug is not enabled"
            + " (profiles [debug]) (hint: activate one of its profiles (--profile or COMPOSE_PROFILES))");
    assertThat(load(yaml, ENV, Set.of()).stack().services()).containsOnlyKeys("web");
  }

  @Test
  void choosesTheProjectName(@TempDir Path dir) throws IOException {
    assertThat(new StackLoader(ENV).loadText("name: fromfile\nservices: {}\n", "s", null, "cli", Set.of()).stack()
        .name()).isEqualTo("fromfile");
    assertThat(new StackLoader(ENV).loadText("services: {}\n", "s", null, "cli", Set.of()).stack().name())
        .isEqualTo("cli");
    Path folder = Files.createDirectories(dir.resolve("My.Project_1"));
    assertThat(new StackLoader(ENV).loadText("services: {}\n", "s", folder, null, Set.of()).stack().name())
        .isEqualTo("myproject_1");
    LoadResult none = new StackLoader(ENV).loadText("services: {}\n", "s", null, null, Set.of());
    assertThat(none.stack()).isNull();
    assertThat(none.errors()).singleElement().extracting(Diagnostic::hint)
        .isEqualTo("add name: myapp to the file or pass -p myapp");
    LoadResult invalid = new StackLoader(ENV).loadText("name: My App\nservices: {}\n", "s", null, null, Set.of());
    assertThat(messages(invalid)).containsExactly("s:1:7: error: name: invalid project name \"My App\": holds the"
        + " uppercase letter 'M' at index 0 (hint: " + ProjectName.HINT + ", e.g. myapp)");
  }

  @Test
  void recordsTheLocationOfEveryKeyPath() {
    LoadResult r = load("""
        services:
          web:
            image: x
            ports:
              - "80"
            deploy:
              resources:
                limits:
                  memory: 1g
        """);
    assertThat(r.locationOf("services.web.image")).hasValueSatisfying(l -> {
      assertThat(l.line()).isEqualTo(3);
      assertThat(l.column()).isEqualTo(5);
      assertThat(l.file()).isEqualTo("stack.yml");
    });
    assertThat(r.locationOf("services.web.ports[0]").orElseThrow().line()).isEqualTo(5);
    assertThat(r.locationOf("services.web.deploy.resources.limits.memory").orElseThrow().toString())
        .isEqualTo("stack.yml:9:11");
  }

  @Test
  void reportsYamlSyntaxAndDuplicateKeysWithPosition() {
    LoadResult syntax = load("services:\n  web:\n    image: x\n   bad: [\n");
    assertThat(syntax.stack()).isNull();
    assertThat(syntax.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).startsWith("invalid YAML");
      assertThat(e.line()).isPositive();
    });
    LoadResult duplicate = load("services:\n  web:\n    image: x\n    image: y\n");
    assertThat(messages(duplicate)).containsExactly(
        "stack.yml:4:5: error: services.web.image: duplicate key image (hint: remove one of the two entries)");
  }

  @Test
  void resolvesAnchorsAliasesAndMergeKeys() {
    Stack stack = ok("""
        x-base: &base
          image: base
          environment: {A: "1"}
        services:
          one:
            <<: *base
            image: own
          two: *base
        """);
    assertThat(stack.service("one").image()).isEqualTo("own");
    assertThat(stack.service("one").environment()).containsEntry("A", "1");
    assertThat(stack.service("two").image()).isEqualTo("base");
  }

  @Test
  void resolvesAnchorsOnScalarValuesInMappingsAndSequences() {
    Stack stack = ok("""
        x-image: &image busybox:1.36
        x-grace: &grace 3s
        services:
          web:
            image: *image
            stop_grace_period: *grace
            command: [&word hello, *word]
        """);
    assertThat(stack.service("web").image()).isEqualTo("busybox:1.36");
    assertThat(stack.service("web").stopGracePeriod()).hasSeconds(3);
    assertThat(stack.service("web").command()).containsExactly("hello", "hello");
  }

  @Test
  void readsExternalNetworksAndVolumes() {
    LoadResult r = load("""
        services:
          web: {image: x, networks: [outside], volumes: ["shared:/s", "legacy:/l"]}
        networks:
          outside: {external: true, name: corp-net}
        volumes:
          shared: {external: true}
          legacy: {external: {name: old-vol}}
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.stack().networks().get("outside"))
        .isEqualTo(new NetworkSpec("outside", "bridge", false, true, "corp-net", null, null));
    assertThat(r.stack().volumes().get("shared").externalName()).isEqualTo("shared");
    assertThat(r.stack().volumes().get("legacy").externalName()).isEqualTo("old-vol");
    assertThat(r.warnings()).extracting(Diagnostic::message).containsExactly("external: {name: ...} is deprecated");
  }

  @Test
  void neverThrowsOnOddInput() {
    for (String yaml : List.of("", "---\n", "[1, 2]\n", "services: 3\n", "services:\n  web: null\n",
        "services:\n  web:\n    ports: {a: b}\n    volumes: [{}]\n    healthcheck: {test: []}\n",
        "services:\n  web:\n    image: x\n    depends_on: {db: []}\n    networks: {n: 3}\n")) {
      LoadResult r = load(yaml);
      assertThat(r).isNotNull();
      assertThat(r.errors()).allSatisfy(e -> assertThat(e.line()).as(e.toString()).isPositive());
    }
  }

  @Test
  void reportsAMissingFileAsAnError(@TempDir Path dir) {
    LoadResult r = new StackLoader(ENV).load(dir.resolve("absent.yml"), null, Set.of());
    assertThat(r.stack()).isNull();
    assertThat(r.errors()).singleElement().extracting(Diagnostic::message).isEqualTo("stack file not found");
  }

  @Test
  void replicasOverTheLimitAreALocatedErrorNamingTheLimitAndTheFlag() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            deploy:
              replicas: 100000
        """);

    assertThat(r.ok()).isFalse();
    assertThat(messages(r)).containsExactly("stack.yml:5:7: error: services.web.deploy.replicas: 100000 replicas is"
        + " over the limit of 1000 per service (hint: use 1000 or fewer, or raise the agent's limit with orch agent"
        + " --max-replicas N)");
  }

  @Test
  void replicasAtTheLimitLoad() {
    Stack stack = ok("services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 1000\n");
    assertThat(stack.service("web").replicas()).isEqualTo(1000);
  }

  @Test
  void theStackTotalIsBoundedByTheSameLimit() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            deploy: {replicas: 600}
          api:
            image: nginx
            deploy: {replicas: 500}
        """);

    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services");
      assertThat(d.line()).isEqualTo(1);
      assertThat(d.message()).isEqualTo("the stack has 1100 replicas in total (web: 600, api: 500), over the limit"
          + " of 1000 per stack");
      assertThat(d.hint()).contains("--max-replicas");
    });
  }

  @Test
  void theAgentsConfiguredLimitApplies() {
    String yaml = "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n";
    LoadResult r = new StackLoader(ENV, new io.orch.core.model.ReplicaLimit(2)).loadText(yaml, "stack.yml", null,
        "demo", Set.of());

    assertThat(messages(r)).singleElement().asString()
        .contains("services.web.deploy.replicas: 3 replicas is over the limit of 2 per service");
    assertThat(new StackLoader(ENV, new io.orch.core.model.ReplicaLimit(3)).loadText(yaml, "stack.yml", null, "demo",
        Set.of()).ok()).isTrue();
  }
}
