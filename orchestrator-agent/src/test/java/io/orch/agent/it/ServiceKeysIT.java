package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.command.ExecStartResultCallback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plain Compose service keys reach the engine's container, and a host port range serves several replicas. */
class ServiceKeysIT extends AgentItBase {
  @Test
  void engineKeysReachTheContainer() throws Exception {
    submit("""
        services:
          app:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            ulimits:
              nofile: {soft: 1024, hard: 2048}
            sysctls: {net.core.somaxconn: "511"}
            extra_hosts: ["db.internal=10.1.2.3"]
            dns_search: [example.org]
            shm_size: 8m
            logging: {driver: json-file, options: {max-size: 1m, max-file: "2"}}
            tty: true
            tmpfs: ["/scratch:size=1m,mode=1770"]
        """);
    awaitConverged(Duration.ofSeconds(60));

    InspectContainerResponse app = docker.inspectContainerCmd(containers("app").get(0).getId()).exec();
    HostConfig host = app.getHostConfig();
    assertThat(host.getUlimits()).containsExactly(new Ulimit("nofile", 1024L, 2048L));
    assertThat(host.getSysctls()).containsEntry("net.core.somaxconn", "511");
    assertThat(host.getExtraHosts()).containsExactly("db.internal:10.1.2.3");
    assertThat(host.getDnsSearch()).containsExactly("example.org");
    assertThat(host.getShmSize()).isEqualTo(8L * 1024 * 1024);
    assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
    assertThat(host.getLogConfig().getConfig()).containsEntry("max-size", "1m").containsEntry("max-file", "2");
    assertThat(app.getConfig().getTty()).isTrue();
    // Seen from inside: the kernel parameter, the limit and the host entry are in effect, not only recorded.
    String id = app.getId();
    assertThat(exec(id, "cat", "/proc/sys/net/core/somaxconn").strip()).isEqualTo("511");
    // The service's own process (pid 1), not the exec'd shell: how an exec inherits limits varies by engine setup.
    assertThat(exec(id, "cat", "/proc/1/limits")).containsPattern("Max open files\\s+1024\\s+2048\\s");
    assertThat(exec(id, "cat", "/etc/hosts")).contains("10.1.2.3").contains("db.internal");
    assertThat(exec(id, "stat", "-c", "%a", "/scratch").strip()).isEqualTo("1770");
  }

  @Test
  void aHostPortRangeGivesEachOfThreeReplicasItsOwnPort() throws Exception {
    int base = ThreadLocalRandom.current().nextInt(20000, 40000);
    submit("""
        services:
          web:
            image: IMAGE
            command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]
            stop_grace_period: 1s
            deploy: {replicas: 3}
            ports: ["127.0.0.1:BASE-END:80"]
        """.replace("BASE", String.valueOf(base)).replace("END", String.valueOf(base + 3)));
    awaitConverged(Duration.ofSeconds(60));

    Set<String> answers = new HashSet<>();
    for (int port = base; port < base + 3; port++) {
      int p = port;
      await("replica on port " + p).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> assertThat(get(p)).contains("200 OK"));
      String body = get(p);
      answers.add(body.substring(body.indexOf("\r\n\r\n") + 4).strip());
    }
    // Three ports, three different containers (each serves its own hostname).
    assertThat(answers).hasSize(3);
    assertThat(containers("web")).hasSize(3);
  }

  @Test
  void aNetworkWithIpamAndANameGivesTheServiceItsFixedAddress() {
    // A random /24 in 10.200-249.x.0 keeps parallel runs on the shared engine from asking for the same subnet.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String prefix = "10." + random.nextInt(200, 250) + "." + random.nextInt(256);
    String networkName = stack + "-fixed";
    submit("""
        services:
          app:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            networks: {front: {ipv4_address: PREFIX.10}}
        networks:
          front:
            name: NETNAME
            ipam: {config: [{subnet: PREFIX.0/24, gateway: PREFIX.1, aux_addresses: {printer: PREFIX.5}}]}
        """.replace("PREFIX", prefix).replace("NETNAME", networkName));
    awaitConverged(Duration.ofSeconds(60));

    var network = docker.inspectNetworkCmd().withNetworkId(networkName).exec();
    assertThat(network.getLabels()).containsEntry("io.orch.stack", stack);
    assertThat(network.getIpam().getConfig()).singleElement().satisfies(c -> {
      assertThat(c.getSubnet()).isEqualTo(prefix + ".0/24");
      assertThat(c.getGateway()).isEqualTo(prefix + ".1");
    });
    InspectContainerResponse app = docker.inspectContainerCmd(containers("app").get(0).getId()).exec();
    assertThat(app.getNetworkSettings().getNetworks().get(networkName).getIpAddress()).isEqualTo(prefix + ".10");
  }

  private static String get(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String exec(String container, String... cmd) throws InterruptedException {
    ExecCreateCmdResponse exec = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true)
        .withAttachStderr(true).exec();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    docker.execStartCmd(exec.getId()).exec(new ExecStartResultCallback(out, out)).awaitCompletion(10,
        TimeUnit.SECONDS);
    return out.toString();
  }
}
