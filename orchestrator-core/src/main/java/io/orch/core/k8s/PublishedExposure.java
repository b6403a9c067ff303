package io.orch.core.k8s;

/** How published ports are exposed outside the cluster: not at all (ClusterIP), or by a NodePort/LoadBalancer Service. */
public enum PublishedExposure {
  CLUSTER_IP("ClusterIP"), NODE_PORT("NodePort"), LOAD_BALANCER("LoadBalancer");

  private final String serviceType;

  PublishedExposure(String serviceType) {
    this.serviceType = serviceType;
  }

  public String serviceType() {
    return serviceType;
  }

  /** Parses the Kubernetes spelling (LoadBalancer, NodePort, ClusterIP), case-insensitively. */
  public static PublishedExposure parse(String text) {
    for (PublishedExposure e : values()) {
      if (e.serviceType.equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException("expected ClusterIP, NodePort or LoadBalancer, got " + text);
  }
}
