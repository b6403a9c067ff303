package io.orch.core.restart;

/**
 * A restart an action performs: why, and whether the run before it was stable (the backoff starts over). The stack
 * reconciler folds it into the replica's {@link RestartHistory} once the action succeeded, and only then.
 */
public record PlannedRestart(RestartReason reason, boolean backoffReset) {}
