package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.command.ExecStartResultCallback;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetworkIT extends AgentItBase {
  @Test
  void servicesOnOneNetworkResolveEachOtherByServiceName() {
    submit("""
        services:
          web:
            image: IMAGE
            command: ["httpd", "-f", "-p", "8080", "-h", "/"]
            stop_grace_period: 1s
            networks: [front]
          api:
            image: IMAGE
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            networks: [front, back]
        networks:
          front: {}
          back: {}
        """);
    awaitConverged(Duration.ofSeconds(60));

    List<Network> networks = docker.listNetworksCmd().withFilter("label", List.of("io.orch.stack=" + stack)).exec();
    assertThat(networks).extracting(Network::getName).containsExactlyInAnyOrder(stack + "_front", stack + "_back");

    String api = containers("api").get(0).getId();
    await("web resolves from api").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String out = exec(api, "nslookup", "web");
      String webIp = docker.inspectContainerCmd(containers("web").get(0).getId()).exec().getNetworkSettings()
          .getNetworks().get(stack + "_front").getIpAddress();
      assertThat(out).contains(webIp);
    });
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
