package io.orch.agent.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.orch.core.plan.IngressRoute;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one bound host port, tagged {@code stack}, {@code service}, {@code port} (the host port): connections
 * accepted and open, bytes each way, replicas in rotation, connects to a replica that failed (and went to the next),
 * connections closed because no replica could take them (or the port was at its cap), connections closed idle,
 * and replicas' response timeouts. Scraped as {@code orch_ingress_connections_total},
 * {@code orch_ingress_connections_active}, {@code orch_ingress_received_bytes_total},
 * {@code orch_ingress_sent_bytes_total}, {@code orch_ingress_backends}, {@code orch_ingress_backend_failures_total},
 * {@code orch_ingress_rejected_total}, {@code orch_ingress_idle_closed_total},
 * {@code orch_ingress_response_timeouts_total}. Removed when the port is released.
 */
final class IngressMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters;
  final Counter connections;
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger backends = new AtomicInteger();
  final Counter received;
  final Counter sent;
  final Counter backendFailures;
  final Counter rejected;
  final Counter idleClosed;
  final Counter responseTimeouts;

  IngressMetrics(MeterRegistry registry, IngressRoute route) {
    this.registry = registry;
    Tags tags = Tags.of("stack", route.stack(), "service", route.service(), "port",
        Integer.toString(route.hostPort()));
    connections = Counter.builder("orch.ingress.connections").tags(tags)
        .description("Client connections the ingress accepted").register(registry);
    Gauge activeGauge = Gauge.builder("orch.ingress.connections.active", active, AtomicInteger::get).tags(tags)
        .description("Client connections open through the ingress").register(registry);
    Gauge backendGauge = Gauge.builder("orch.ingress.backends", backends, AtomicInteger::get).tags(tags)
        .description("Replicas in rotation: running, and healthy where checked").register(registry);
    received = Counter.builder("orch.ingress.received").baseUnit("bytes").tags(tags)
        .description("Bytes received from clients").register(registry);
    sent = Counter.builder("orch.ingress.sent").baseUnit("bytes").tags(tags)
        .description("Bytes sent to clients").register(registry);
    backendFailures = Counter.builder("orch.ingress.backend.failures").tags(tags)
        .description("Connects to a replica that failed; the connection went to the next replica").register(registry);
    rejected = Counter.builder("orch.ingress.rejected").tags(tags)
        .description("Client connections closed because no replica could take them").register(registry);
    idleClosed = Counter.builder("orch.ingress.idle.closed").tags(tags)
        .description("Client connections closed after the idle timeout (x-orch.ingress_idle_timeout)")
        .register(registry);
    responseTimeouts = Counter.builder("orch.ingress.response.timeouts").tags(tags)
        .description("Connections closed because the replica sent nothing back within the response timeout")
        .register(registry);
    meters = List.of(connections, activeGauge, backendGauge, received, sent, backendFailures, rejected, idleClosed,
        responseTimeouts);
  }

  void remove() {
    meters.forEach(registry::remove);
  }
}
