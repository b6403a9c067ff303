package io.orch.core.k8s;

/**
 * What kind of difference an export warning announces, so that the migration report can group what a user must
 * check before going live: where data lives, who can reach whom, how failures restart, in which order things start
 * and roll out.
 */
public enum Consequence {
  DATA("data", "where files and volumes live after the move (hostPath, ReadWriteOnce claims, emptyDir, Secrets)"),
  REACHABILITY("reachability", "names, ports and networks other services and users reach"),
  RESTARTS("restarts and backoff", "how a failing or stopping container is restarted, signalled and health-checked"),
  ORDERING("ordering and rollouts", "start order (depends_on), rollouts and scaling"),
  IMAGES("images", "images the cluster must be able to pull"),
  OTHER("other keys", "keys with no exact equivalent that change neither of the above");

  private final String title;
  private final String scope;

  Consequence(String title, String scope) {
    this.title = title;
    this.scope = scope;
  }

  public String title() {
    return title;
  }

  public String scope() {
    return scope;
  }
}
