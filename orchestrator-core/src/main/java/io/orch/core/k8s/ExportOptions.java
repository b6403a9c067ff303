package io.orch.core.k8s;

import java.util.Optional;

/**
 * Choices of `orch convert k8s`: the namespace to put in every object (null for none), how to expose ports, how
 * to read the host files of secrets and configs (the exporter itself does no I/O; the CLI reads the disk), and the
 * domain under which each service with published ports gets an Ingress host {@code <service>.<ingressHost>} (null:
 * no Ingress).
 */
public record ExportOptions(String namespace, PublishedExposure exposePublished, FileContents files,
    String ingressHost) {
  public static final ExportOptions DEFAULT = new ExportOptions(null, PublishedExposure.CLUSTER_IP);

  public ExportOptions {
    exposePublished = exposePublished == null ? PublishedExposure.CLUSTER_IP : exposePublished;
    files = files == null ? FileContents.NONE : files;
  }

  public ExportOptions(String namespace, PublishedExposure exposePublished) {
    this(namespace, exposePublished, FileContents.NONE);
  }

  public ExportOptions(String namespace, PublishedExposure exposePublished, FileContents files) {
    this(namespace, exposePublished, files, null);
  }

  public ExportOptions withIngressHost(String host) {
    return new ExportOptions(namespace, exposePublished, files, host);
  }

  /** The bytes of a secret's or config's host file by absolute path; empty when it cannot be read. */
  @FunctionalInterface
  public interface FileContents {
    FileContents NONE = path -> Optional.empty();

    Optional<byte[]> read(String absolutePath);
  }
}
