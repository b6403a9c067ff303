package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** autoscaling/v2 HorizontalPodAutoscaler: what {@code x-orch.autoscale} becomes, aimed at the service's Deployment. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record HorizontalPodAutoscaler(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "autoscaling/v2";
  }

  @Override
  public String kind() {
    return "HorizontalPodAutoscaler";
  }

  public record Spec(CrossVersionObjectReference scaleTargetRef, int minReplicas, int maxReplicas,
      List<MetricSpec> metrics, Behavior behavior) {}

  public record CrossVersionObjectReference(String apiVersion, String kind, String name) {}

  /** Only {@code type: Resource} is emitted. */
  public record MetricSpec(String type, ResourceMetricSource resource) {}

  public record ResourceMetricSource(String name, MetricTarget target) {}

  @JsonPropertyOrder({"type", "averageUtilization"})
  public record MetricTarget(String type, int averageUtilization) {}

  public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {}

  @JsonPropertyOrder({"stabilizationWindowSeconds", "policies"})
  public record ScalingRules(Integer stabilizationWindowSeconds, List<ScalingPolicy> policies) {}

  @JsonPropertyOrder({"type", "value", "periodSeconds"})
  public record ScalingPolicy(String type, int value, int periodSeconds) {}
}
