package io.orch.agent.ingress;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport the ingress runs on: Linux's epoll where Netty's native library loads (the agent's platform), Java
 * NIO elsewhere. Every proxied request is an accept, a connect and two relays, so the syscalls and garbage per
 * connection are the proxy's cost; the native transport has fewer of both (bench/ingress-cpu.sh). The system
 * property {@code orch.ingress.transport=nio} keeps NIO (a way out should the native library misbehave somewhere).
 */
record IngressTransport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> clientChannel) {

  static IngressTransport best() {
    if (!"nio".equals(System.getProperty("orch.ingress.transport")) && Epoll.isAvailable()) {
      return new IngressTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return nio();
  }

  static IngressTransport nio() {
    return new IngressTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
        NioSocketChannel.class);
  }
}
