package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.PortDto;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `orch ps` PORTS, as `docker compose ps` has it: an ephemeral mapping ({@code "8080"}) shows the host port the engine
 * really picked, and the port orch's ingress holds for a replicated service shows on each of its replicas.
 */
class PsPortsIT extends AgentItBase {

  @Test
  void psShowsTheEphemeralHostPortTheEnginePickedAndThePortsTheIngressHolds() throws Exception {
    int ingressPort;
    try (ServerSocket s = new ServerSocket(0)) {
      ingressPort = s.getLocalPort();
    }
    submit("""
        services:
          api:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            ports: ["8080"]
          web:
            image: IMAGE
            command: ["sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]
            init: true
            stop_grace_period: 1s
            ports: ["127.0.0.1:PORT:8080"]
            deploy: {replicas: 2}
        """.replace("PORT", Integer.toString(ingressPort)));
    awaitConverged(Duration.ofSeconds(60));

    // What the engine published for api-1: a port of its choosing on 0.0.0.0 (and :: where it has IPv6).
    String api = stack + "-api-1";
    Ports.Binding[] bindings = docker.inspectContainerCmd(api).exec().getNetworkSettings().getPorts().getBindings()
        .get(ExposedPort.tcp(8080));
    assertThat(bindings).isNotEmpty();
    int picked = Integer.parseInt(bindings[0].getHostPortSpec());
    String hostIp = bindings[0].getHostIp();

    ContainerDto apiReplica = service("api").containers().get(0);
    assertThat(apiReplica.ports()).contains(new PortDto(hostIp, picked, 8080, "tcp", false));
    assertThat(service("web").containers()).hasSize(2).allSatisfy(c -> assertThat(c.ports())
        .contains(new PortDto("127.0.0.1", ingressPort, 8080, "tcp", true)));

    List<String> ps = orch("ps", "-p", stack);
    assertThat(ps.get(0)).contains("PORTS");
    assertThat(ps).filteredOn(l -> l.startsWith(api + " "))
        .singleElement().asString().contains(hostIp + ":" + picked + "->8080/tcp");
    assertThat(ps).filteredOn(l -> l.startsWith(stack + "-web-")).hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("127.0.0.1:" + ingressPort + "->8080/tcp (ingress)"));
  }

  private List<String> orch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(agent.cli(args));
    cmd.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    Path out = Files.createTempFile("orch-ps", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("orch " + String.join(" ", args) + " did not finish");
    }
    assertThat(p.exitValue()).as("exit of orch " + String.join(" ", args)).isZero();
    List<String> lines = Files.readAllLines(out);
    Files.delete(out);
    return lines;
  }
}
