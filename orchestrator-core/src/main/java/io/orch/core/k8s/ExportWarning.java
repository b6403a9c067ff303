package io.orch.core.k8s;

/**
 * Something in the stack that the Kubernetes export could not map exactly, named by its key path, with the kind of
 * difference it makes after the move.
 */
public record ExportWarning(String path, String message, Consequence consequence) {
  /** The service the warning is about, or null for a stack-wide key (volumes., networks., secrets.). */
  public String service() {
    if (!path.startsWith("services.")) {
      return null;
    }
    String rest = path.substring("services.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
