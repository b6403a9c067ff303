package io.orch.core.k8s;

/** Choices of `orch convert k8s`: the namespace to put in every object (null for none) and how to expose ports. */
public record ExportOptions(String namespace, PublishedExposure exposePublished) {
  public static final ExportOptions DEFAULT = new ExportOptions(null, PublishedExposure.CLUSTER_IP);

  public ExportOptions {
    exposePublished = exposePublished == null ? PublishedExposure.CLUSTER_IP : exposePublished;
  }
}
