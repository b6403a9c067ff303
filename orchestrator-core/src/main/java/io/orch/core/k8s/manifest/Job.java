package io.orch.core.k8s.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** batch/v1 Job: what a one-shot service (restart "no" or on-failure) becomes. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record Job(ObjectMeta metadata, Spec spec) implements Manifest {
  @Override
  public String apiVersion() {
    return "batch/v1";
  }

  @Override
  public String kind() {
    return "Job";
  }

  public record Spec(int parallelism, int completions, int backoffLimit, PodTemplateSpec template) {}
}
