package io.orch.agent.ingress;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.orch.core.plan.IngressRoute;

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

  private volatile IngressRoute route;
  private final RoundRobin rotation = new RoundRobin();
  private final IngressMetrics metrics;
  private final ConnectionBook connections;
  private final Class<? extends SocketChannel> clientChannelType;
  private Channel server;

  IngressListener(IngressRoute route, IngressMetrics metrics, ConnectionBook connections,
      Class<? extends SocketChannel> clientChannelType) {
    this.route = route;
    this.clientChannelType = clientChannelType;
    this.metrics = metrics;
    this.connections = connections;
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
