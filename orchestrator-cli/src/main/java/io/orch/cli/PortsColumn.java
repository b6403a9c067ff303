package io.orch.cli;

import io.orch.api.dto.PortDto;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The PORTS column of {@code orch ps}, written as {@code docker compose ps} writes it: {@code 0.0.0.0:32768->8080/tcp,
 * :::32768->8080/tcp} for what the engine published (the host port it picked for an ephemeral mapping), {@code 9000/tcp}
 * for a port only exposed; a port orch's ingress holds for the service ends in {@code (ingress)}, e.g.
 * {@code 0.0.0.0:8080->80/tcp (ingress)}.
 */
final class PortsColumn {
  private PortsColumn() {}

  static String of(List<PortDto> ports) {
    return ports.stream().map(PortsColumn::one).distinct().collect(Collectors.joining(", "));
  }

  static String one(PortDto p) {
    String target = p.target() + "/" + p.protocol();
    if (p.hostPort() == null) {
      return target;
    }
    // The engine names the interface it bound (0.0.0.0, ::; written unbracketed as docker 20.10's ps does); an
    // ingress route without one listens on all of them.
    String ip = p.hostIp() == null || p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp();
    return ip + ":" + p.hostPort() + "->" + target + (p.ingress() ? " (ingress)" : "");
  }
}
