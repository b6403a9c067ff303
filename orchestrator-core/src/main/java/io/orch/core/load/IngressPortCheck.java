package io.orch.core.load;

import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.UpdateConfig;
import io.orch.core.plan.EngineSpecs;

/**
 * Refuses, at load time, published ports that could not be served (DESIGN "Ports"): a fixed host port the engine would
 * have to bind for several replicas at once ({@code x-orch.ingress: false} with several replicas or start-first
 * updates), and UDP through orch's ingress, which
 * proxies TCP only.
 */
final class IngressPortCheck {
  private final ReadContext ctx;

  IngressPortCheck(ReadContext ctx) {
    this.ctx = ctx;
  }

  void check(YamlNode portsNode, ServiceSpec service) {
    boolean ingress = EngineSpecs.usesIngress(service);
    for (PortSpec port : service.ports()) {
      if (port.published() == null || port.isHostRange()) {
        continue; // the engine picks a port, or each replica gets its own from the range
      }
      if (ingress && !"tcp".equals(port.protocol())) {
        ctx.diagnostics.error(portsNode, port.protocol().toUpperCase(java.util.Locale.ROOT) + " port "
            + port.published() + " of service " + service.name() + " cannot be published: with "
            + reasonForIngress(service) + " it would go through orch's ingress, which proxies TCP only",
            "publish it from one replica with update order stop-first, or publish a host port range (one port per"
            + " replica, e.g. \"" + port.published() + "-" + (port.published() + service.replicas() - 1) + ":"
            + port.target() + "/" + port.protocol() + "\")");
      } else if (!service.orch().ingress() && service.usesStackNetworks() && service.orch().autoscale() == null
          && (service.replicas() > 1 || service.updateConfig().order() == UpdateConfig.Order.START_FIRST)) {
        // (AutoscaleReader reports the autoscaled case.) Start-first runs the new replica beside the old one, so
        // the engine would refuse the second bind in the middle of every update.
        ctx.diagnostics.error(portsNode, "host port " + port.published() + " can be bound by one container only,"
            + " but service " + service.name() + " has " + reasonForIngress(service)
            + " and x-orch.ingress is false", "remove ingress: false (orch's ingress spreads one port over the"
            + " replicas), publish a host port range with one port per replica, or run one replica with update"
            + " order stop-first");
      }
    }
  }

  private static String reasonForIngress(ServiceSpec service) {
    if (service.replicas() > 1) {
      return service.replicas() + " replicas";
    }
    return service.updateConfig().order() == UpdateConfig.Order.START_FIRST ? "update order start-first"
        : "autoscaling up to " + service.orch().autoscale().max() + " replicas";
  }
}
