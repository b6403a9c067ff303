package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * policy/v1 PodDisruptionBudget: how many replicas a node drain may take down at once, from the service's
 * {@code update_config.parallelism} (what Swarm itself takes down at once when it updates).
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record PodDisruptionBudget(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "policy/v1";
  }

  @Override
  public String kind() {
    return "PodDisruptionBudget";
  }

  public record Spec(IntOrString maxUnavailable, LabelSelector selector) {}
}
