package io.orch.agent.reconcile;

import io.orch.core.model.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the reconcile loop asks of orch's ingress (DESIGN "Ports"): hold the host ports a stack declares, and take a
 * replica out of rotation before the executor stops it. The agent's is {@code ingress.Ingress}; {@link #NONE} serves
 * tests that need no ingress.
 */
public interface IngressControl {
  IngressControl NONE = new IngressControl() {
    @Override
    public Declared declare(String stack, Stack desired) {
      return Declared.NOTHING;
    }

    @Override
    public void drain(String stack, String service, String containerId, Duration grace) {}
  };

  /** What changed on the host for the ingress of one stack. */
  enum Change { BOUND, UNBOUND, BIND_FAILED }

  /** One change to announce; {@code BIND_FAILED} only the first time a port fails in a row. */
  record News(Change change, String service, String message) {}

  /**
   * After a declaration: the services whose host port cannot be bound, with why (until it is bound); the changes to
   * announce; when to try a failed bind again.
   */
  record Declared(Map<String, String> unbound, List<News> news, Optional<Duration> retryIn) {
    public static final Declared NOTHING = new Declared(Map.of(), List.of(), Optional.empty());
  }

  /**
   * Binds the host ports of the ingress routes of {@code desired} and releases those it no longer declares; a null
   * {@code desired} (stack removed) releases every port of the stack. Called by the stack's pass, so one writer.
   */
  Declared declare(String stack, Stack desired);

  /**
   * Takes the replica out of rotation at once, then waits (on the caller's thread) until its open connections are
   * closed or {@code grace} passed. Returns at once for a replica the ingress does not serve.
   */
  void drain(String stack, String service, String containerId, Duration grace);
}
