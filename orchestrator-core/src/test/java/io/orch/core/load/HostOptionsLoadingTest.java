package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.HostOptions;
import io.orch.core.model.ServiceSpec;
import io.orch.core.plan.EngineSpecs;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service keys that go straight to the engine's container config, as Compose reads them. */
class HostOptionsLoadingTest {
  private static final String FULL = """
      services:
        web:
          image: busybox:1.36
          ulimits:
            nproc: 65535
            nofile: {soft: 20000, hard: 40000}
          sysctls: [net.core.somaxconn=1024]
          security_opt: [no-new-privileges:true]
          extra_hosts: ["db=10.0.0.5", "cache:10.0.0.6", "v6=[::1]"]
          dns: 8.8.8.8
          dns_search: [example.com]
          dns_opt: [use-vc]
          shm_size: 64m
          devices: ["/dev/null:/dev/mynull:r", {source: /dev/zero, target: /dev/z, permissions: rw}, /dev/full]
          stdin_open: true
          tty: true
          logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}
          platform: linux/amd64
          runtime: runc
          group_add: [mail]
          oom_score_adj: -500
          oom_kill_disable: false
          mac_address: "02:42:ac:11:00:99"
          cgroup_parent: orch-test
          domainname: example.com
          storage_opt: {size: 1G}
          userns_mode: host
          pid: host
          ipc: shareable
          cpu_shares: 512
          cpuset: "0"
          mem_reservation: 32m
          memswap_limit: -1
      """;

  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  private static HostOptions host(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.diagnostics()).as("diagnostics").isEmpty();
    return r.stack().service("web").host();
  }

  @Test
  void readsEveryKeyIntoTheEngineForm() {
    HostOptions h = host(FULL);

    assertThat(h.ulimits()).containsExactly(Map.entry("nofile", new HostOptions.Ulimit(20000, 40000)),
        Map.entry("nproc", new HostOptions.Ulimit(65535, 65535)));
    assertThat(h.sysctls()).containsExactly(Map.entry("net.core.somaxconn", "1024"));
    assertThat(h.extraHosts()).containsExactly("db:10.0.0.5", "cache:10.0.0.6", "v6:::1");
    assertThat(h.dns()).containsExactly("8.8.8.8");
    assertThat(h.shmSizeBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(h.devices())
        .containsExactly("/dev/null:/dev/mynull:r", "/dev/zero:/dev/z:rw", "/dev/full:/dev/full:rwm");
    assertThat(h.logging()).isEqualTo(new HostOptions.Logging("json-file", Map.of("max-size", "10m", "max-file", "3")));
    assertThat(h.oomScoreAdj()).isEqualTo(-500);
    // pid and ipc are the service's own keys (they may name another service): SharedNamespaceReader reads them.
    assertThat(load(FULL).stack().service("web").pid()).isEqualTo("host");
    assertThat(load(FULL).stack().service("web").ipc()).isEqualTo("shareable");
    assertThat(h.memReservationBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(h.memswapLimitBytes()).isEqualTo(-1L);
    assertThat(h.stdinOpen()).isTrue();
    assertThat(h.tty()).isTrue();
  }

  @Test
  void extraHostsAsAMapAndSysctlsAsAMap() {
    HostOptions h = host("""
        services:
          web:
            image: busybox:1.36
            extra_hosts: {db: 10.0.0.5}
            sysctls: {net.core.somaxconn: 1024}
        """);

    assertThat(h.extraHosts()).containsExactly("db:10.0.0.5");
    assertThat(h.sysctls()).containsExactly(Map.entry("net.core.somaxconn", "1024"));
  }

  @Test
  void orchConfigPrintsWhatLoadsBackEqual() {
    LoadResult r = load(FULL);
    assertThat(r.errors()).isEmpty();

    StackWriterTest.assertRoundTrips(r.stack(), Set.of());
  }

  @Test
  void aChangedKeyRollsTheServiceAndNoKeysKeepTheOldHash() {
    ServiceSpec plain = load("services:\n  web:\n    image: busybox:1.36\n").stack().service("web");
    ServiceSpec withDns = load("services:\n  web:\n    image: busybox:1.36\n    dns: [1.1.1.1]\n").stack()
        .service("web");
    var stack = load("services:\n  web:\n    image: busybox:1.36\n").stack();

    assertThat(EngineSpecs.hashOf(stack, withDns)).isNotEqualTo(EngineSpecs.hashOf(stack, plain));
    assertThat(plain.host()).isEqualTo(HostOptions.NONE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ulimits: [nofile]|services.web.ulimits|a mapping",
      "ulimits: {nofile: {soft: 10}}|services.web.ulimits.nofile|needs both soft and hard",
      "ulimits: {nofile: {soft: 50, hard: 10}}|services.web.ulimits.nofile|above the hard limit",
      "ulimits: {nofile: lots}|services.web.ulimits.nofile|",
      "extra_hosts: [justahost]|services.web.extra_hosts[0]|not host=ip or host:ip",
      "devices: [\"dev/null\"]|services.web.devices[0]|absolute path",
      "devices: [\"/dev/null:/dev/null:x\"]|services.web.devices[0]|r, w and m",
      "oom_score_adj: 5000|services.web.oom_score_adj|",
      "pid: cluster|services.web.pid|unknown pid mode",
      "shm_size: big|services.web.shm_size|",
      "logging: {driver: [json-file]}|services.web.logging.driver|",
      "cpu_shares: -2|services.web.cpu_shares|",
  })
  void aBadValueIsAnErrorAtItsPath(String line, String path, String message) {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    " + line + "\n");

    assertThat(r.errors()).as("errors of " + line).isNotEmpty();
    assertThat(r.errors().get(0).path()).isEqualTo(path);
    assertThat(r.errors().get(0).line()).isEqualTo(4);
    if (message != null) {
      assertThat(r.errors().get(0).message()).contains(message);
    }
  }

  @Test
  void isolationIsAWarningThatSaysWhy() {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    isolation: hyperv\n");

    assertThat(r.errors()).isEmpty();
    assertThat(r.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.isolation");
      assertThat(d.hint()).contains("Windows");
    });
  }

  @Test
  void loggingIsNoLongerIgnored() {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    logging: {driver: none}\n");

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.stack().service("web").host().logging().driver()).isEqualTo("none");
  }
}
