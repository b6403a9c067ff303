package io.orch.core.plan;

/** How far a service's rollout is: replicas still on an outdated spec, and whether the next step waits for readiness. */
public record RolloutProgress(int outdated, int replicas, boolean waitingForReady) {
  /** "2 of 3 replicas outdated", with ", waiting for replaced replicas to be ready" while a step waits. */
  public String describe() {
    return outdated + " of " + replicas + " replicas outdated"
        + (waitingForReady ? ", waiting for replaced replicas to be ready" : "");
  }
}
