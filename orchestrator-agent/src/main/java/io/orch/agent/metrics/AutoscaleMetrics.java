package io.orch.agent.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.orch.agent.autoscale.Autoscaling;
import io.orch.agent.autoscale.ServiceScaling;
import io.orch.core.autoscale.MetricReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The autoscaler's gauges, rebuilt whenever {@link Autoscaling} changes: {@code
 * orch_service_autoscale_utilization_ratio{stack,service,metric}} (the last decision's average utilisation of the
 * ready replicas, a fraction of the reservation: 1.43 is 143%), {@code orch_service_autoscale_target_ratio} (the
 * target, same unit) and {@code orch_service_autoscale_desired_replicas{stack,service}} (the count the autoscaler
 * set). A service appears once the autoscaler has decided on it.
 */
public final class AutoscaleMetrics implements MeterBinder {
  private final Autoscaling autoscaling;
  private MultiGauge utilisation;
  private MultiGauge target;
  private MultiGauge desired;

  public AutoscaleMetrics(Autoscaling autoscaling) {
    this.autoscaling = autoscaling;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    utilisation = MultiGauge.builder("orch.service.autoscale.utilization").baseUnit("ratio")
        .description("Average utilisation of the ready replicas at the last autoscaler decision, as a fraction of"
            + " the reservation (else limit) it is measured against").register(registry);
    target = MultiGauge.builder("orch.service.autoscale.target").baseUnit("ratio")
        .description("The autoscaler's target utilisation, as a fraction of the reservation (else limit)")
        .register(registry);
    desired = MultiGauge.builder("orch.service.autoscale.desired.replicas")
        .description("The replica count the autoscaler set for the service").register(registry);
    autoscaling.onChange(this::refresh);
    refresh();
  }

  synchronized void refresh() {
    List<MultiGauge.Row<?>> u = new ArrayList<>();
    List<MultiGauge.Row<?>> t = new ArrayList<>();
    List<MultiGauge.Row<?>> d = new ArrayList<>();
    for (Map.Entry<String, Map<String, ServiceScaling>> stack : autoscaling.all().entrySet()) {
      for (Map.Entry<String, ServiceScaling> service : stack.getValue().entrySet()) {
        Tags tags = Tags.of("stack", stack.getKey(), "service", service.getKey());
        d.add(MultiGauge.Row.of(tags, service.getValue().replicas()));
        ServiceScaling.Last last = service.getValue().last();
        if (last == null) {
          continue;
        }
        for (MetricReading r : last.readings()) {
          Tags m = tags.and("metric", r.metric().yaml());
          u.add(MultiGauge.Row.of(m, r.utilisation()));
          t.add(MultiGauge.Row.of(m, r.target()));
        }
      }
    }
    utilisation.register(u, true);
    target.register(t, true);
    desired.register(d, true);
  }
}
