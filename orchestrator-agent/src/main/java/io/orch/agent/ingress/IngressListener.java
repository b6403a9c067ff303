package io.orch.agent.ingress;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.orch.agent.events.AgentEvent;
import io.orch.agent.events.AgentEvents;
import io.orch.agent.events.EventType;
import io.orch.core.plan.IngressRoute;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One host port the ingress listens on: its route, the bound server channel, the rotation new connections are spread
 * over, and its meters. The route may change (e.g. another target port) without a rebind.
 */
final class IngressListener {
  /**
   * The patient round of {@link ConnectAttempts} (after the quick one): a replica on a local bridge answers a connect
   * at once, or after one SYN retransmission (Linux: 1 s) when its accept backlog overflowed; a longer wait means it
   * is gone (killed, its event not here yet): try the next one.
   */
  static final int CONNECT_TIMEOUT_MILLIS = 1500;
  /** The last replica to try gets longer: giving up on it fails the client, a slow connect only delays it. */
  static final int LAST_CONNECT_TIMEOUT_MILLIS = 5000;

  /** A port at its cap is reported once, then at most once a minute. */
  private static final long CAP_REPORT_EVERY_NANOS = 60_000_000_000L;

  private volatile IngressRoute route;
  private final RoundRobin rotation = new RoundRobin();
  private final IngressMetrics metrics;
  private final ConnectionBook connections;
  private final PortConnections clients;
  private final PassiveHealth health = new PassiveHealth();
  private final AgentEvents events;
  private final Clock clock;
  private final Class<? extends SocketChannel> clientChannelType;
  private final AtomicLong lastCapReport = new AtomicLong();
  private Channel server;

  IngressListener(IngressRoute route, IngressMetrics metrics, ConnectionBook connections,
      Class<? extends SocketChannel> clientChannelType, IngressBudget budget, AgentEvents events, Clock clock) {
    this.route = route;
    this.clientChannelType = clientChannelType;
    this.metrics = metrics;
    this.connections = connections;
    this.clients = new PortConnections(budget);
    this.events = events;
    this.clock = clock;
  }

  PortConnections clients() {
    return clients;
  }

  PassiveHealth health() {
    return health;
  }

  /** The replicas to try for a new connection, in order: the rotation without those the passive check ejected. */
  List<Backend> nextAttempts() {
    return health.filter(rotation.nextAttempts(), System.nanoTime());
  }

  /** A new connection found the port (or the ingress's descriptor budget) full: an event, at most once a minute. */
  void reportCap(PortConnections.Admission admission, IngressBudget budget) {
    long now = System.nanoTime();
    long last = lastCapReport.get();
    if (last != 0 && now - last < CAP_REPORT_EVERY_NANOS || !lastCapReport.compareAndSet(last, now)) {
      return;
    }
    IngressRoute r = route;
    String what = admission == PortConnections.Admission.REFUSED
        ? "every connection is busy, so new ones are refused"
        : "the longest idle connections are closed to admit new ones";
    emit(EventType.INGRESS_CONNECTIONS_CAPPED, null, "ingress " + r.hostAddress() + " is at its cap of "
        + r.limits().maxConnections() + " connections (x-orch.ingress_max_connections; " + clients.open()
        + " open on this port) or of the ingress's " + budget.maxConnections() + " (its share of the agent's file"
        + " descriptors): " + what + "; reported at most once a minute");
  }

  void report(PassiveHealth.Verdict verdict, String containerName) {
    IngressRoute r = route;
    if (verdict instanceof PassiveHealth.Ejected e) {
      emit(EventType.INGRESS_BACKEND_EJECTED, containerName, "replica " + containerName + " accepted connections on"
          + " port " + r.targetPort() + " but did not answer within " + r.limits().responseTimeout().toSeconds()
          + "s (x-orch.ingress_response_timeout), " + e.timeoutsInARow() + " time(s) in a row: out of the rotation of "
          + r.hostAddress() + " for " + e.ejectedFor().toSeconds() + "s, then its next connection is the check");
    } else if (verdict instanceof PassiveHealth.Restored) {
      emit(EventType.INGRESS_BACKEND_RESTORED, containerName, "replica " + containerName + " answered on port "
          + r.targetPort() + " again: back in the rotation of " + r.hostAddress());
    }
  }

  private void emit(EventType type, String container, String message) {
    IngressRoute r = route;
    events.emit(new AgentEvent(clock.instant(), type, r.stack(), r.service(), null, container, null, message));
  }

  IngressRoute route() {
    return route;
  }

  void route(IngressRoute newRoute) {
    route = newRoute;
  }

  RoundRobin rotation() {
    return rotation;
  }

  IngressMetrics metrics() {
    return metrics;
  }

  ConnectionBook connections() {
    return connections;
  }

  Class<? extends SocketChannel> clientChannelType() {
    return clientChannelType;
  }

  void bound(Channel serverChannel) {
    this.server = serverChannel;
  }

  /** Stops accepting; connections under way finish on their own (their replicas are being removed too). */
  void close() {
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
    metrics.remove();
  }
}
