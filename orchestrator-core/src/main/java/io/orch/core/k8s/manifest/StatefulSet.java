package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * apps/v1 StatefulSet: what a replicated service with a named volume becomes, so that each replica gets a claim of
 * its own from {@code volumeClaimTemplates} (one ReadWriteOnce claim cannot follow pods onto several nodes).
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record StatefulSet(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "apps/v1";
  }

  @Override
  public String kind() {
    return "StatefulSet";
  }

  /** {@code replicas} is null (left out) when a HorizontalPodAutoscaler owns the count. */
  @JsonPropertyOrder({"replicas", "selector", "serviceName", "podManagementPolicy", "updateStrategy",
      "minReadySeconds", "template", "volumeClaimTemplates"})
  public record Spec(Integer replicas, LabelSelector selector, String serviceName, String podManagementPolicy,
      UpdateStrategy updateStrategy, Integer minReadySeconds, PodTemplateSpec template,
      List<ClaimTemplate> volumeClaimTemplates) {}

  public record UpdateStrategy(String type) {}

  /** A PersistentVolumeClaim template: each pod gets {@code <name>-<statefulset>-<ordinal>}. */
  public record ClaimTemplate(ObjectMeta metadata, PersistentVolumeClaim.Spec spec) {}
}
