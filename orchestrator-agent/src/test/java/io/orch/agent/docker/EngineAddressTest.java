package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineAddressTest {
  @Test
  void saysWhereTheAddressCameFrom() {
    assertThat(EngineAddress.describe("unix:///var/run/docker.sock", Map.of()))
        .isEqualTo("unix:///var/run/docker.sock (the default socket; DOCKER_HOST is not set)");
    assertThat(EngineAddress.describe("tcp://10.0.0.5:2375", Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375")))
        .isEqualTo("tcp://10.0.0.5:2375 (from DOCKER_HOST)");
  }

  @Test
  void anEngineThatCannotBeReachedIsNamed() {
    RuntimeException failure = new RuntimeException(new SocketException("No such file or directory"));

    assertThat(EngineErrors.translate("container.list", failure, "unix:///tmp/none.sock").getMessage())
        .startsWith("container.list: no Docker Engine answers at unix:///tmp/none.sock (")
        .endsWith("No such file or directory");
  }
}
