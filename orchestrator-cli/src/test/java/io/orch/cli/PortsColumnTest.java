package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.PortDto;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsColumnTest {
  @Test
  void anEphemeralMappingShowsTheHostPortTheEnginePickedOnEachAddressFamilyAsComposeDoes() {
    assertThat(PortsColumn.of(List.of(new PortDto("0.0.0.0", 32768, 8080, "tcp", false),
        new PortDto("::", 32768, 8080, "tcp", false))))
        .isEqualTo("0.0.0.0:32768->8080/tcp, :::32768->8080/tcp");
  }

  @Test
  void anExposedPortHasNoHostSideAndABoundAddressIsKept() {
    assertThat(PortsColumn.of(List.of(new PortDto(null, null, 9000, "tcp", false),
        new PortDto("127.0.0.1", 5353, 53, "udp", false))))
        .isEqualTo("9000/tcp, 127.0.0.1:5353->53/udp");
  }

  @Test
  void aPortTheIngressHoldsIsMarkedAndListensOnEveryInterfaceUnlessBound() {
    assertThat(PortsColumn.of(List.of(new PortDto(null, null, 80, "tcp", false),
        new PortDto(null, 8080, 80, "tcp", true), new PortDto("127.0.0.1", 8443, 443, "tcp", true))))
        .isEqualTo("80/tcp, 0.0.0.0:8080->80/tcp (ingress), 127.0.0.1:8443->443/tcp (ingress)");
  }

  @Test
  void noPortsIsEmpty() {
    assertThat(PortsColumn.of(List.of())).isEmpty();
  }
}
