package io.orch.core.plan;

import io.orch.core.model.IngressLimits;
import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One host port orch's ingress binds for a service: connections to {@code hostIp:hostPort} (all interfaces when
 * {@code hostIp} is null) go to {@code targetPort} of a replica in rotation, within the service's {@code limits}.
 * Ranges arrive expanded by the loader, so a range of N ports is N routes.
 */
public record IngressRoute(String stack, String service, String hostIp, int hostPort, int targetPort,
    IngressLimits limits) {

  public IngressRoute {
    limits = limits == null ? IngressLimits.DEFAULT : limits;
  }

  /** With the default limits. */
  public IngressRoute(String stack, String service, String hostIp, int hostPort, int targetPort) {
    this(stack, service, hostIp, hostPort, targetPort, IngressLimits.DEFAULT);
  }

  /** Every route of a stack, ordered by host port; empty when no service uses the ingress. */
  public static List<IngressRoute> of(Stack stack) {
    List<IngressRoute> routes = new ArrayList<>();
    for (ServiceSpec service : stack.services().values()) {
      if (!EngineSpecs.usesIngress(service)) {
        continue;
      }
      for (PortSpec port : service.ports()) {
        // UDP is refused at load time; host ranges go one port per replica through the engine (EngineSpecs).
        if (port.published() != null && !port.isHostRange() && "tcp".equals(port.protocol())) {
          routes.add(new IngressRoute(stack.name(), service.name(), port.hostIp(), port.published(), port.target(),
              service.orch().ingressLimits()));
        }
      }
    }
    routes.sort(Comparator.comparing(IngressRoute::hostPort).thenComparing(r -> String.valueOf(r.hostIp())));
    return List.copyOf(routes);
  }

  /** The address as a user writes it: {@code 127.0.0.1:8080} or {@code *:8080}. */
  public String hostAddress() {
    return (hostIp == null || hostIp.isEmpty() ? "*" : hostIp) + ":" + hostPort;
  }
}
