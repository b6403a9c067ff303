package io.orch.core.k8s.manifest;

/** The pod template of a Deployment or Job. */
public record PodTemplateSpec(ObjectMeta metadata, PodSpec spec) {}
