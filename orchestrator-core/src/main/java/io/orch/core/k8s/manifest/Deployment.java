package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** apps/v1 Deployment: what a long-running service becomes. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record Deployment(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "apps/v1";
  }

  @Override
  public String kind() {
    return "Deployment";
  }

  /** {@code replicas} is null (left out) when a HorizontalPodAutoscaler owns the count. */
  public record Spec(
      Integer replicas, LabelSelector selector, Strategy strategy, Integer minReadySeconds, PodTemplateSpec template) {}

  public record Strategy(String type, RollingUpdate rollingUpdate) {}

  public record RollingUpdate(IntOrString maxSurge, IntOrString maxUnavailable) {}
}
