package io.orch.core.plan;

/**
 * Why a container action is planned: the typed form of its cause, for code that decides on it (which event to emit,
 * whether a replacement is a rollout step). The cause text beside it is for people.
 */
public enum Reason {
  /** A slot above the highest observed one. */
  SCALE_UP,
  /** A slot within the observed range has no container. */
  MISSING,
  /** The container's spec hash differs from the desired one: a rollout step. */
  SPEC_CHANGED,
  /** The restart policy restarts an exited replica, or an unhealthy one is replaced. */
  RESTART,
  /** Created but never started (e.g. an earlier pass was interrupted). */
  NOT_STARTED,
  /** The engine reports it dead: it cannot be started again. */
  DEAD,
  /** A second container claims a slot. */
  DUPLICATE_SLOT,
  /** Its slot label is missing or not a number. */
  NO_VALID_SLOT,
  /** Its slot is above the desired replica count. */
  SCALE_DOWN,
  /** Its service is no longer in the stack. */
  SERVICE_REMOVED,
  /** The whole stack is being removed. */
  STACK_REMOVED
}
