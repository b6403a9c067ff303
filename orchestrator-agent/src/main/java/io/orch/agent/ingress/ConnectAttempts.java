package io.orch.agent.ingress;

import java.util.ArrayList;
import java.util.List;

/**
 * The connects the ingress tries, in order, for one client: every replica in rotation once with a short timeout, then
 * every one again with a patient one.
 *
 * <p>Why two rounds: a replica whose accept queue is full (a busy server with a small backlog: busybox httpd's is 9)
 * drops the SYN, and Linux sends the next one only after its initial retransmission timeout of one second. The client
 * has already sent its request, so that second is its latency (bench/ingress-cost.sh: p99 of ~1 s through the
 * ingress and through docker-proxy alike, ~10 ms straight to the replica, whose connect wrk does not time). A connect
 * on a local bridge takes well under a millisecond, so one not done in {@link #QUICK_MILLIS} is given up and the next
 * replica (or the same one, with a new SYN) is tried at once. The patient round keeps the old behaviour for a replica
 * that is merely slow, and a killed replica (its event not here yet) is skipped after the quick timeout.
 */
final class ConnectAttempts {
  /** Well above a local connect, even on a loaded machine; well below the kernel's one-second SYN retransmission. */
  static final int QUICK_MILLIS = 250;

  record Attempt(Backend backend, int timeoutMillis) {}

  private ConnectAttempts() {}

  static List<Attempt> over(List<Backend> rotationOrder) {
    List<Attempt> attempts = new ArrayList<>(rotationOrder.size() * 2);
    for (Backend b : rotationOrder) {
      attempts.add(new Attempt(b, QUICK_MILLIS));
    }
    for (int i = 0; i < rotationOrder.size(); i++) {
      boolean last = i == rotationOrder.size() - 1;
      attempts.add(new Attempt(rotationOrder.get(i), last ? IngressListener.LAST_CONNECT_TIMEOUT_MILLIS
          : IngressListener.CONNECT_TIMEOUT_MILLIS));
    }
    return List.copyOf(attempts);
  }
}
