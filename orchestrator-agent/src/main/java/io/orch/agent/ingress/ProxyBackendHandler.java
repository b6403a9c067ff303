package io.orch.agent.ingress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The replica side of one proxied connection: relays what the replica sends back to the client, reading the next chunk
 * only once the client took the last one (backpressure, as Netty's proxy example does).
 */
final class ProxyBackendHandler extends ChannelInboundHandlerAdapter {
  private final Channel client;
  private final IngressListener listener;
  private final IngressMetrics metrics;
  private final ProxyFrontendHandler frontend;

  ProxyBackendHandler(Channel client, IngressListener listener, ProxyFrontendHandler frontend) {
    this.client = client;
    this.listener = listener;
    this.metrics = listener.metrics();
    this.frontend = frontend;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      metrics.sent.increment(buf.readableBytes());
    }
    frontend.backendAnswered();
    listener.clients().touch(client, System.nanoTime());
    client.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        ctx.channel().read();
      } else {
        f.channel().close();
        ctx.channel().close();
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ProxyFrontendHandler.closeOnFlush(client);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the replica (it was killed) ends this connection only; nothing to log per connection.
    ProxyFrontendHandler.closeOnFlush(ctx.channel());
  }
}
