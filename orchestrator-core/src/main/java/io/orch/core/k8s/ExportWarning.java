package io.orch.core.k8s;

/** Something in the stack that the Kubernetes export could not map exactly, named by its key path. */
public record ExportWarning(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
