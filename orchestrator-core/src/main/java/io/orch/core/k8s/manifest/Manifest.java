package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One Kubernetes object orch emits. Only the fields orch fills are modelled; the strict v1.32 JSON schemas in the
 * tests keep the field names honest.
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata"})
public sealed interface Manifest
    permits Deployment, StatefulSet, Job, KubeService, PersistentVolumeClaim, Secret, ConfigMap, NetworkPolicy,
    HorizontalPodAutoscaler, PodDisruptionBudget, Ingress {

  @JsonProperty("apiVersion")
  String apiVersion();

  @JsonProperty("kind")
  String kind();

  ObjectMeta metadata();
}
