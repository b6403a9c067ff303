package io.orch.agent.ingress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.orch.core.plan.IngressRoute;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code orch_ingress_bound{stack,service,port}}: 1 while the ingress listens on a published host port, 0 while it
 * cannot bind it (another program holds it), for each port a stack declares; gone once the stack no longer declares
 * it. The bound port's own meters ({@link IngressMetrics}) exist only once bound, so an unbound port needs this one to
 * show at all. Guarded by the ingress's lock.
 */
final class BoundPorts {
  private record Series(String stack, String service, int port) {
    static Series of(IngressRoute route) {
      return new Series(route.stack(), route.service(), route.hostPort());
    }
  }

  private final MeterRegistry registry;
  private final Map<Series, AtomicInteger> values = new HashMap<>();
  private final Map<Series, Gauge> gauges = new HashMap<>();

  BoundPorts(MeterRegistry registry) {
    this.registry = registry;
  }

  void bound(IngressRoute route) {
    value(route).set(1);
  }

  void unbound(IngressRoute route) {
    value(route).set(0);
  }

  /** The stack no longer declares the port. */
  void forget(IngressRoute route) {
    Series series = Series.of(route);
    values.remove(series);
    Gauge gauge = gauges.remove(series);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  private AtomicInteger value(IngressRoute route) {
    Series series = Series.of(route);
    return values.computeIfAbsent(series, s -> {
      AtomicInteger value = new AtomicInteger();
      gauges.put(s, Gauge.builder("orch.ingress.bound", value, AtomicInteger::get)
          .tags(Tags.of("stack", s.stack(), "service", s.service(), "port", Integer.toString(s.port())))
          .description("1 while orch's ingress listens on the published host port, 0 while it cannot bind it")
          .register(registry));
      return value;
    });
  }
}
