package io.orch.agent.reconcile;

import io.orch.core.engine.EngineEvent;
import java.time.Duration;
import java.util.Locale;

/**
 * Told about every reconcile pass and every engine event the loop acts on, so the agent can record
 * {@code orch_reconcile_*} and {@code orch_engine_events_total} without the loop knowing about Micrometer (the
 * metrics port with a no-op default of java-operator-sdk). Called on the loop's threads: be quick, never throw.
 */
public interface ReconcileListener {
  ReconcileListener NOOP = new ReconcileListener() {};

  /** How a pass ended: done, failed for a transient engine reason and queued again, or failed unexpectedly. */
  enum Result {
    SUCCESS, RETRY, ERROR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** After each pass of one stack, once the status board holds what the pass published. */
  default void passFinished(String stack, Duration took, Result result) {}

  /** An engine event about an orch-managed object (the ones that enqueue a stack). */
  default void engineEvent(EngineEvent event) {}
}
